//go:build unix && notoml

package main

func appendSecrets(env []string) []string { return env }
