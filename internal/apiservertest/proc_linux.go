package apiservertest

import (
	"os"
	"syscall"
)

// sysProcAttr makes the kernel kill a server when the test binary that
// started it dies (a panic, a timeout), so no etcd or kube-apiserver is
// left behind holding ports and memory.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

func signalStop(p *os.Process) error { return p.Signal(syscall.SIGSTOP) }
func signalCont(p *os.Process) error { return p.Signal(syscall.SIGCONT) }
func signalTerm(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
