package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/internal/readlimit"
)

// addMaxFileSize registers --max-file-size on cmd, into *size.
func addMaxFileSize(cmd *cobra.Command, size *string) {
	cmd.Flags().StringVar(size, "max-file-size", "", "largest input file or standard input read, such as 1Gi (default "+readlimit.Size(readlimit.DefaultMaxFileBytes)+"); only regular files are read, and container logs are read from their tail whatever their size")
}

// parseMaxFileSize reads --max-file-size; 0 for the default.
func parseMaxFileSize(size string) (int64, error) {
	if size == "" {
		return 0, nil
	}
	q, err := resource.ParseQuantity(size)
	if err != nil || q.Value() <= 0 {
		return 0, fmt.Errorf("--max-file-size %q: want a size such as 1Gi", size)
	}
	return q.Value(), nil
}
