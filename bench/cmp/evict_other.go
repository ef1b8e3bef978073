//go:build unix && !linux

package main

import "errors"

func evict(string) error { return errors.New("not supported on this system") }
