//go:build !linux

package apiservertest

import (
	"errors"
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

var errNotLinux = errors.New("pausing a process needs Linux")

func signalStop(*os.Process) error   { return errNotLinux }
func signalCont(*os.Process) error   { return nil }
func signalTerm(p *os.Process) error { return p.Signal(os.Interrupt) }
