// Command poddoctor tells what is wrong with Kubernetes manifests (lint) and
// pods (diagnose), and what to do about it. Installed as kubectl-poddoctor it
// is also a kubectl plugin.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/poddoctor/poddoctor/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
