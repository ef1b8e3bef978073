package main

import (
	"encoding/json"
	"os"
	"strings"
)

func init() {
	// argsenv: what a program started from a #! line, a Procfile, a unit
	// or an image sees: its arguments, its environment and its PID, as one
	// JSON object.
	modes["argsenv"] = func(a []string) int {
		env := map[string]string{}
		for _, kv := range os.Environ() {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
		if a == nil {
			a = []string{}
		}
		json.NewEncoder(os.Stdout).Encode(map[string]any{"args": a, "env": env, "pid": os.Getpid()})
		return 0
	}
}
