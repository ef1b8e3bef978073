//go:build unix && !notoml

package main

import (
	"os"

	"github.com/BurntSushi/toml"
)

func appendSecrets(env []string) []string {
	b, _ := os.ReadFile(".streamlit/secrets.toml")
	var tree map[string]any
	_, _ = toml.Decode(string(b), &tree)
	for k, v := range tree {
		if s, ok := v.(string); ok {
			env = append(env, k+"="+s)
		}
	}
	return env
}
