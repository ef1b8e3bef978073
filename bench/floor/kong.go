//go:build unix && !nokong

package main

import "github.com/alecthomas/kong"

func parseFlags() { kong.Parse(&struct{}{}) }
