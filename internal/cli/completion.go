package cli

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Shell completion of flag values, not only of commands and flag names,
// as kubectl does: output formats, severities, rule ids, and (live) the
// kubeconfig's contexts, the cluster's namespaces and pod names.

// severityValues are the values --fail-on and --min-severity take.
var (
	failOnValues      = []string{"error", "warning", "info", "none"}
	minSeverityValues = []string{"error", "warning", "info"}
)

// completionTimeout bounds each request a completion makes to the cluster
// when --request-timeout does not say otherwise: a shell waits for it.
const completionTimeout = 5 * time.Second

// registerValueCompletions gives the analysis flags value completions.
func registerValueCompletions(cmd *cobra.Command, formats []string) {
	fixed := func(values []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	must(cmd.RegisterFlagCompletionFunc("output", fixed(formats)))
	must(cmd.RegisterFlagCompletionFunc("fail-on", fixed(failOnValues)))
	must(cmd.RegisterFlagCompletionFunc("min-severity", fixed(minSeverityValues)))
	must(cmd.RegisterFlagCompletionFunc("color", fixed(colorModes)))
	ruleIDs := func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return completeRuleIDs(cmd.Context(), toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	must(cmd.RegisterFlagCompletionFunc("disable", ruleIDs))
	must(cmd.RegisterFlagCompletionFunc("enable", ruleIDs))
	for _, name := range []string{"policy", "config"} {
		if cmd.Flags().Lookup(name) != nil {
			must(cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return nil, cobra.ShellCompDirectiveDefault
			}))
		}
	}
}

// completeRuleIDs lists the built-in rule ids, each with its description
// for shells that show one. --disable takes a comma-separated list, so the
// ids already typed before the last comma are kept as a prefix.
func completeRuleIDs(_ context.Context, toComplete string) []string {
	rules, err := allRules(nil)
	if err != nil {
		return nil
	}
	done, partial := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, partial = toComplete[:i+1], toComplete[i+1:]
	}
	var out []string
	for _, r := range rules {
		if strings.HasPrefix(r.ID, partial) && !slices.Contains(strings.Split(done, ","), r.ID) {
			out = append(out, done+r.ID+"\t"+firstSentence(r.Description))
		}
	}
	return out
}

// registerLiveCompletions completes --context from the kubeconfig, and -n
// and pod names from the cluster. Cluster reads are bounded by
// --request-timeout (or completionTimeout) and silent on failure: a
// completion that cannot reach the cluster offers nothing rather than
// printing an error into the user's prompt.
func registerLiveCompletions(cmd *cobra.Command, live *liveFlags) {
	must(cmd.RegisterFlagCompletionFunc("context", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		raw, err := live.kube.ToRawKubeConfigLoader().RawConfig()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for name := range raw.Contexts {
			names = append(names, name)
		}
		slices.Sort(names)
		return names, cobra.ShellCompDirectiveNoFileComp
	}))
	must(cmd.RegisterFlagCompletionFunc("namespace", func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return live.completeNames(cmd.Context(), func(ctx context.Context, client kubernetes.Interface) ([]string, error) {
			list, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
			if err != nil {
				return nil, err
			}
			names := make([]string, 0, len(list.Items))
			for _, ns := range list.Items {
				names = append(names, ns.Name)
			}
			return names, nil
		}), cobra.ShellCompDirectiveNoFileComp
	}))
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if f := cmd.Flags().Lookup("filename"); f != nil && f.Changed {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return live.completeNames(cmd.Context(), func(ctx context.Context, client kubernetes.Interface) ([]string, error) {
			namespace, _, err := live.kube.ToRawKubeConfigLoader().Namespace()
			if err != nil {
				return nil, err
			}
			list, err := client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{Limit: 500})
			if err != nil {
				return nil, err
			}
			var names []string
			for _, pod := range list.Items {
				if !slices.Contains(args, pod.Name) {
					names = append(names, pod.Name)
				}
			}
			return names, nil
		}), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeNames runs list against the flags' cluster with a bounded
// timeout and returns its names sorted, or nothing on any failure.
func (f *liveFlags) completeNames(ctx context.Context, list func(context.Context, kubernetes.Interface) ([]string, error)) []string {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := f.kube.ToRESTConfig()
	if err != nil || f.noCluster(f.kube.ToRawKubeConfigLoader()) {
		return nil
	}
	if cfg.Timeout == 0 || cfg.Timeout > completionTimeout {
		cfg.Timeout = completionTimeout
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	names, err := list(ctx, client)
	if err != nil {
		return nil
	}
	slices.Sort(names)
	return names
}

// must panics on a programming error: registering a completion for a flag
// the command does not have.
func must(err error) {
	if err != nil {
		panic(err)
	}
}
