package cli

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/redact"
	"github.com/poddoctor/poddoctor/pkg/report"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

func newDiagnoseCommand(s streams) *cobra.Command {
	var flags analysisFlags
	var files []string
	var maxFileSize string
	var now string
	var logsDir string
	var live liveFlags
	formats := append(report.Formats(), "facts")
	cmd := &cobra.Command{
		Use:   "diagnose [POD]...",
		Short: "Explain why pods fail, in a live cluster or from saved cluster data",
		Long: `Read pod status, events, owners, nodes and logs and explain each failure in
one sentence, with its evidence and a concrete remedy.

Live, it reads the cluster of the kubeconfig (the kubectl flags work:
--kubeconfig, KUBECONFIG, --context, -n, -A, -l, --request-timeout, --as, and
in-cluster config), read-only: get and list of pods, events, their owners and
nodes, and the log tails of crashed containers (--logs). Few requests,
whatever the cluster size; what it may not read (RBAC) it says in a note and
diagnoses the rest. docs/rbac.yaml has the minimal Role and ClusterRole.

Offline, -f reads what kubectl saved: 'kubectl get ... -o json|yaml' output
(files, directories, or - for standard input), the directory written by
'kubectl cluster-info dump --output-directory', or the text of 'kubectl
describe' (pods, nodes and controllers, as pasted into a ticket; recognised by
its content, also as .txt files in a directory). Event ages count back from
the capture time: --now, else the files' modification time when later than
every timestamp inside, else the newest timestamp; a note says which. Pod names narrow the run to
those pods; -n to one namespace; -l to the pods and workloads it selects.

-o facts prints the facts documents your own --policy diagnoses receive.`,
		Example: `  poddoctor diagnose -n shop
  poddoctor diagnose -A
  poddoctor diagnose -n shop web-7d9f8b6c5d-x2k4p
  kubectl poddoctor diagnose -l app=web
  kubectl get pods,events,replicasets,deployments,jobs,nodes -n shop -o json > snap.json
  poddoctor diagnose -f snap.json
  kubectl get pods,events -A -o json | poddoctor diagnose -f -
  poddoctor diagnose -f ./cluster-dump/ -n shop web-7d9f8b6c5d-x2k4p
  kubectl logs -n shop api-7f9c8d7b5-2kq9p -c api --previous > logs/shop_api-7f9c8d7b5-2kq9p_api.log
  poddoctor diagnose -f snap.json --logs-dir logs/`,
		RunE: func(cmd *cobra.Command, pods []string) error {
			tuneMemory(0)
			if err := live.validate(cmd, pods); err != nil {
				return err
			}
			if err := flags.applyConfig(cmd); err != nil {
				return err
			}
			if err := flags.validate(formats); err != nil {
				return err
			}
			policies, err := flags.loadPolicies()
			if err != nil {
				return err
			}
			clock, useFileTime, err := parseNow(now)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			// A live run starts reading the cluster now: the engine is
			// built while the API server prepares its first answers.
			var reading *liveReading
			if len(files) == 0 && logsDir == "" {
				reading = live.startSnapshot(ctx, s, pods)
				defer reading.stop()
			}
			d, err := diagnose.New(ctx, diagnose.Options{
				Policies:    policies,
				Disable:     flags.disabled(),
				KnownImages: flags.config.KnownImages,
				Data:        flags.config.Data(),
				Now:         clock,
				UseFileTime: useFileTime,
			})
			if err != nil {
				return err
			}
			for _, note := range d.EngineNotes() {
				fmt.Fprintf(s.err, "note: %s\n", note)
			}
			if err := flags.checkRuleIDs(ctx, policies); err != nil {
				return err
			}
			var snap *snapshot.Snapshot
			// empty says the saved data held no pod and no workload, as
			// loaded (before -l, whose matching nothing is an answer).
			var empty error
			namespace := live.offlineNamespace(cmd)
			if logsDir != "" && len(files) == 0 {
				return fmt.Errorf("--logs-dir reads logs saved beside a snapshot: give the snapshot with -f")
			}
			if len(files) > 0 {
				maxFile, err := parseMaxFileSize(maxFileSize)
				if err != nil {
					return err
				}
				// Healthy pods are dropped as they are read, unless -l
				// selects pods by label after the load.
				var sieve snapshot.PodSieve
				if live.selector == "" {
					sieve = d.Sieve()
					tuneMemory(siftedDiagnoseMemoryLimit)
				}
				if snap, err = loadSaved(files, s, clock, useFileTime, maxFile, sieve); err != nil {
					if !errors.Is(err, snapshot.ErrNoData) {
						return err
					}
					if err := flags.checkEmpty(err); err != nil {
						return err
					}
					snap = &snapshot.Snapshot{}
				}
				empty = flags.checkEmpty(diagnose.Empty(snap))
				if logsDir != "" {
					notes, err := snapshot.AddLogsDir(snap, logsDir)
					if err != nil {
						return err
					}
					snap.Notes = append(snap.Notes, notes...)
				}
				live.selectOffline(snap)
			} else if snap, namespace, err = reading.wait(); err != nil {
				return err
			}
			filter := diagnose.Filter{Namespace: namespace, Pods: pods}
			if flags.output == "facts" {
				if empty != nil {
					return empty
				}
				facts, _ := d.Facts(snap, filter)
				return writeFacts(s, facts, redact.New(diagnose.SecretValues(snap)...))
			}
			res, err := d.Diagnose(ctx, snap, filter)
			if err != nil {
				return err
			}
			flags.ownerPods = res.OwnerPods
			flags.secrets = diagnose.SecretValues(snap)
			printNotes(s, res.Notes)
			if empty != nil {
				// Nothing was diagnosed: exit 2 whatever the findings, but
				// show those that say why (a file that could not be read).
				if len(res.Findings) > 0 {
					if err := flags.emit(s, "diagnose", res.Findings, nil, d.Rules()); err != nil && !errors.As(err, new(exitError)) {
						return err
					}
				}
				return empty
			}
			if len(files) > 0 {
				fmt.Fprintf(s.err, "note: %s\n", res.Clock)
			}
			return flags.emit(s, "diagnose", res.Findings, nil, d.Rules())
		},
	}
	flags.register(cmd, formats)
	cmd.Flags().StringVar(&now, "now", "", "the capture time of saved data, which event ages are measured from: an RFC 3339 time, or 'newest' for the newest timestamp inside (default: the files' modification time when later than every timestamp inside, else the newest timestamp)")
	cmd.Flags().StringArrayVarP(&files, "filename", "f", nil, "saved cluster data: kubectl get -o json|yaml output, a cluster-info dump directory, or - for standard input (repeatable)")
	addMaxFileSize(cmd, &maxFileSize)
	cmd.Flags().StringVar(&logsDir, "logs-dir", "", "with -f: container logs saved beside the snapshot, one file each, named NAMESPACE_POD_CONTAINER.log or POD_CONTAINER.log (kubectl logs --previous output; .current.log for a current log)")
	live.register(cmd)
	registerLiveCompletions(cmd, &live)
	must(cmd.RegisterFlagCompletionFunc("filename", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveDefault
	}))
	return cmd
}

// writeFacts prints the facts documents as policies receive them, with
// secrets redacted like every other output.
func writeFacts(s streams, facts []*diagnose.Facts, redactor *redact.Redactor) error {
	if facts == nil {
		facts = []*diagnose.Facts{}
	}
	raw, err := json.Marshal(facts)
	if err != nil {
		return fmt.Errorf("encode facts: %w", err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("encode facts: %w", err)
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	return enc.Encode(redactor.Document(doc))
}
