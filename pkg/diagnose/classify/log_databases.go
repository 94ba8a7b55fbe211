package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// databaseSignatures are the start-up failures of the data stores people
// run in pods: PostgreSQL's initdb and postmaster, MySQL/MariaDB's mysqld,
// Redis and Elasticsearch's bootstrap checks.
var databaseSignatures = []logSignature{
	// initdb (PostgreSQL 9-16): `initdb: error: directory "X" exists but is
	// not empty` (12+; before: `initdb: directory "X" exists but is not
	// empty`), then "It contains a lost+found directory, perhaps due to it
	// being a mount point." when that is the only entry.
	sig("postgres", `initdb: (?:error: )?directory "([^"]+)" exists but is not empty`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogDataDirNotEmpty, Path: m[1]}
		c.LostFound = near(lines, i, 1, 3, lostFoundRE) != nil
		return c
	}),
	// postmaster checkDataDir: FATAL:  data directory "X" has wrong ownership / has invalid permissions / has group or world access
	sig("postgres", `FATAL:\s+data directory "([^"]+)" has (wrong ownership|invalid permissions|group or world access)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogDataDirPermissions, Path: m[1], Message: "data directory has " + m[2]}
	}),
	// initdb: error: could not change permissions of directory "X": Operation not permitted
	sig("postgres", `initdb: (?:error: )?could not (?:change permissions of|create) directory "([^"]+)": (Operation not permitted|Permission denied)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogDataDirPermissions, Path: m[1], Message: m[2]}
	}),
	// docker-library/postgres entrypoint: chmod: changing permissions of '/var/lib/postgresql/data': Operation not permitted
	sig("postgres", `chmod: changing permissions of '([^']+)': Operation not permitted`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogDataDirPermissions, Path: m[1], Message: "Operation not permitted"}
	}),
	// libpq / postmaster: FATAL:  password authentication failed for user "app"
	sig("postgres", `password authentication failed for user "([^"]+)"`, func(m []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogAuthFailed, User: m[1]}
		if a := libpqServerRE.FindStringSubmatch(lines[i]); a != nil {
			c.Host, c.Port = a[1], atoi(a[3])
		}
		return c
	}),
	// mysqld 5.7/8.0 and MariaDB: "[ERROR] --initialize specified but the data directory has files in it. Aborting."
	sig("mysql", `--initialize specified but the data directory has files in it`, func(_ []string, lines []string, i int) LogCause {
		c := LogCause{Cause: LogDataDirNotEmpty}
		if d := near(lines, i, -4, 4, mysqlDatadirRE); d != nil {
			c.Path = d[1]
		}
		return c
	}),
	// MySQL server and clients: Access denied for user 'app'@'10.0.0.5' (using password: YES)
	sig("mysql", `Access denied for user '([^']*)'@'([^']*)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAuthFailed, User: m[1]}
	}),
	// MySQL clients: Can't connect to MySQL server on 'db:3306' (111) / ('db' (111 "Connection refused")) / (110) timed out
	sig("mysql", `Can't connect to MySQL server on '([^']+)'(?: \((\d+))?`, func(m []string, _ []string, _ int) LogCause {
		h, p := splitHostPort(m[1])
		if p == 0 {
			p = 3306
		}
		cause := LogConnectionRefused
		if m[2] == "110" {
			cause = LogConnectionTimeout
		}
		return LogCause{Cause: cause, Host: h, Port: p}
	}),
	// mysqld: "Do you already have another mysqld server running on port: 3306 ?"
	// after "Can't start server: Bind on TCP/IP port: Address already in use".
	sig("mysql", `Do you already have another mysqld server running on port: (\d+)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogAddressInUse, Port: atoi(m[1])}
	}),
	// redis: "Could not create server TCP listening socket *:6379: bind: Address already in use"
	// Redis 7 logs it at warning level, then "Failed listening on port 6379 (tcp), aborting."
	{family: "redis", re: lazyregexp.New(`Could not create server TCP listening socket (\S*):(\d+): bind: (Address already in use|Permission denied|Cannot assign requested address)`), anyLevel: true, build: func(m []string, _ []string, _ int) LogCause {
		cause := LogAddressInUse
		if m[3] == "Permission denied" {
			cause = LogPrivilegedPort
		} else if m[3] != "Address already in use" {
			cause = LogConfigError
		}
		return LogCause{Cause: cause, Host: m[1], Port: atoi(m[2]), Message: m[3]}
	}},
	sig("mysql", `Unknown MySQL server host '([^']+)'`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogHostNotFound, Host: m[1]}
	}),
	// redis aof.c: "Bad file format reading the append only file[ NAME]: make a backup of your AOF file, then use ./redis-check-aof --fix <filename>"
	// and "Unexpected end of file reading the append only file".
	sig("redis", `(Bad file format|Unexpected end of file) reading the append only file(?: (\S+?))?:?(?: make a backup|$)`, func(m []string, _ []string, _ int) LogCause {
		return LogCause{Cause: LogCorruptData, Path: m[2], Setting: "appendonly", Message: m[1] + " reading the append only file"}
	}),
	// redis rdb.c: "Short read or OOM loading DB. Unrecoverable error, aborting now."
	sig("redis", `Short read or OOM loading DB\. Unrecoverable error`, func([]string, []string, int) LogCause {
		return LogCause{Cause: LogCorruptData, Setting: "dbfilename", Message: "Short read or OOM loading DB"}
	}),
	// redis config.c: *** FATAL CONFIG FILE ERROR *** ... >>> 'directive args' ... Bad directive or wrong number of arguments
	sig("redis", `^(Bad directive or wrong number of arguments|.*argument must be.*)$`, func(m []string, lines []string, i int) LogCause {
		d := near(lines, i, -3, -1, redisDirectiveRE)
		if d == nil {
			return LogCause{}
		}
		return LogCause{Cause: LogConfigError, Directive: d[1], Message: m[1]}
	}),
	// Elasticsearch / OpenSearch bootstrap checks:
	// "[1]: max virtual memory areas vm.max_map_count [65530] is too low, increase to at least [262144]" (5.0: "likely too low")
	{family: "elasticsearch", re: lazyregexp.New(`max virtual memory areas vm\.max_map_count \[(\d+)\] (?:is|likely) too low, increase to at least \[(\d+)\]`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogKernelSetting, Setting: "vm.max_map_count", Current: m[1], Required: m[2]}
		}},
	// "max file descriptors [4096] for elasticsearch process is too low, increase to at least [65535]"
	{family: "elasticsearch", re: lazyregexp.New(`max file descriptors \[(\d+)\] for \w+ process (?:is|likely) too low, increase to at least \[(\d+)\]`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogKernelSetting, Setting: "nofile", Current: m[1], Required: m[2]}
		}},
	// "max number of threads [1024] for user [elasticsearch] is too low, increase to at least [4096]"
	{family: "elasticsearch", re: lazyregexp.New(`max number of threads \[(\d+)\] for user \[[^\]]*\] (?:is|likely) too low, increase to at least \[(\d+)\]`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogKernelSetting, Setting: "nproc", Current: m[1], Required: m[2]}
		}},
	// "memory locking requested for elasticsearch process but memory is not locked"
	{family: "elasticsearch", re: lazyregexp.New(`memory locking requested for \w+ process but memory is not locked`), anyLevel: true,
		build: func([]string, []string, int) LogCause {
			return LogCause{Cause: LogKernelSetting, Setting: "memlock", Required: "unlimited"}
		}},
	// "the default discovery settings are unsuitable for production use; at least one of [discovery.seed_hosts, ...] must be configured"
	{family: "elasticsearch", re: lazyregexp.New(`the default discovery settings are unsuitable for production use; at least one of \[([^\]]+)\] must be configured`), anyLevel: true,
		build: func(m []string, _ []string, _ int) LogCause {
			return LogCause{Cause: LogConfigError, Setting: strings.Split(m[1], ", ")[0], Message: "the default discovery settings are unsuitable for production use"}
		}},
}

var (
	lostFoundRE      = lazyregexp.New(`lost\+found`)
	mysqlDatadirRE   = lazyregexp.New(`designated data directory (\S+?)/? is unusable`)
	redisDirectiveRE = lazyregexp.New(`^>>> '(\S+)`)
	// libpqServerRE: libpq 14+ names the server: connection to server at "db" (10.0.0.5), port 5432 failed:
	libpqServerRE = lazyregexp.New(`connection to server at "([^"]+)"(?: \(([^)]+)\))?, port (\d+) failed`)
)
