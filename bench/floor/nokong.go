//go:build unix && nokong

package main

func parseFlags() {}
