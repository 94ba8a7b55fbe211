// Package ci tests the files CI systems run from this repository: the
// GitHub Action (action.yml and scripts/ci), the pre-commit hooks
// (.pre-commit-hooks.yaml) and the GitLab template (ci/gitlab). It holds
// tests only; test/release.sh runs the slower checks that need goreleaser,
// pre-commit and podman.
package ci
