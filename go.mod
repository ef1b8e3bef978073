module github.com/withsecrets/withsecrets

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/alecthomas/kong v1.17.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
)

require github.com/creack/pty v1.1.24
