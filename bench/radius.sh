#!/bin/bash
# RADIUS throughput, spotgate against FreeRADIUS 3.2 + rlm_sql + SQLite (the
# daloRADIUS-style setup), in one run on the same data: 100,000 vouchers of a
# plan in spotgate, the same 100,000 user names and passwords in FreeRADIUS's
# radcheck, in a group that gives them the plan (a second FreeRADIUS with the
# passwords only answers the logins too). Both on loopback ports of their own,
# both durable (spotgate: WAL, synchronous = FULL, every record committed before
# its answer; FreeRADIUS: WAL, 5 s busy timeout so it loses nothing).
#
# radclient sends N requests of each kind from a file, a day of guests:
# Access-Request (PAP with Message-Authenticator; for spotgate the first use
# of each voucher, which makes its account), Accounting Start, Interim-Update
# and Stop for the sessions those logins opened, then Access-Request again
# (the same guests returning: a login of an existing account, the work
# FreeRADIUS does for every login). Rates count only the answers radclient
# actually received (its packet summary), and the sent count is checked
# against the file: radclient 3.2.1 can stop early after a lost packet
# without saying so.
#
# Goal (issue 6): spotgate >= 10x FreeRADIUS+SQLite for Access-Request and
# Interim-Update. Prints a markdown table.
#
# The same requests also go to bench/radius_null.c, a server that does no work:
# the most answers radclient can take here, a ceiling for any server's rate.
#
# Then a second load generator, bench/radius_load.c, which waits for answers in
# poll() instead of spinning as radclient does, sends logins (the next N vouchers'
# first use, and the first N guests once more) and the sessions' second
# Interim-Update to each server: what the servers do when the load generator is
# not the bottleneck and takes no core from them.
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${RADIUS_BENCH_ACCOUNTS:-100000}
N=${RADIUS_BENCH_REQUESTS:-20000}	# requests of each kind, per server
# The load generator shares the machine's two cores with the server, and radclient
# 3.2.1 burns CPU while it waits: its main loop polls its socket once for every
# request still in its list, on every pass, until the answers are in (its source
# calls it a busy loop). So one radclient at a time, with 255 in flight (one socket's
# identifiers but one): a second one spinning beside it takes the core the server
# needs. In two runs back to back FreeRADIUS answered 1,466-2,036 requests/s this way
# and 792-1,078/s with two radclients of 128 each; spotgate was faster too.
PARALLEL=${RADIUS_BENCH_PARALLEL:-255}	# in flight per radclient
CLIENTS=${RADIUS_BENCH_CLIENTS:-1}	# radclient processes at a time
CHUNK=${RADIUS_BENCH_CHUNK:-2000}	# requests per radclient
if [ $((2 * N)) -gt "$ACCOUNTS" ]; then	# the second generator's first logins use the next N
	echo "RADIUS_BENCH_REQUESTS ($N) must be at most half of RADIUS_BENCH_ACCOUNTS ($ACCOUNTS)" >&2
	exit 2
fi
SECRET=benchsecret
FREERADIUS=$(command -v freeradius || command -v radiusd || echo /usr/sbin/freeradius)

dir=$(mktemp -d)
sg_pid="" fr_pid="" bare_pid="" null_pid=""
# every process, whatever its exit status (one killed by SIGTERM waits as 143,
# and under set -e a failing wait would end the trap with the rest still running)
cleanup() {
	local pid
	for pid in $null_pid $sg_pid $fr_pid $bare_pid; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $null_pid $sg_pid $fr_pid $bare_pid; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$dir"
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
sg_auth=$(free_port) sg_acct=$(free_port) fr_auth=$(free_port) fr_acct=$(free_port)
bare_auth=$(free_port) bare_acct=$(free_port)
null_auth=$(free_port) null_acct=$(free_port)

# --- the ceiling: a server that answers at once, doing nothing ----------------------
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$dir/radius_null" bench/radius_null.c -lcrypto
"$dir/radius_null" "$null_auth" "$null_acct" "$SECRET" &
null_pid=$!
# the second load generator (bench/radius_load.c), built on spotgate's RADIUS codec
cc -O2 -std=gnu11 -Wall -Wextra -Werror -Iuserspace -o "$dir/radius_load" bench/radius_load.c \
	userspace/radius/{packet,encode,auth,password,crypto,dict}.c -lcrypto

# --- spotgate: a controller with 100,000 vouchers -----------------------------------
mkdir -p "$dir/sg"
build/spotgated --foreground --state-dir "$dir/sg" --mode controller --admin-listen "" \
	--radius-auth "127.0.0.1:$sg_auth" --radius-acct "127.0.0.1:$sg_acct" >"$dir/sg.log" 2>&1 &
sg_pid=$!
for _ in $(seq 200); do [ -S "$dir/sg/spotgate.sock" ] && break; sleep 0.05; done
ctl() { build/spotctl --socket "$dir/sg/spotgate.sock" "$@"; }
ctl nas add 127.0.0.1 --secret "$SECRET" --vendor generic >/dev/null
ctl plan add --name "Day" --measure both --time 1d --data 5GB --price 2.00 --down 10M --up 2M >/dev/null
ctl voucher generate --plan Day --count "$ACCOUNTS" --length 10 >/dev/null
sqlite3 "$dir/sg/spotgate.db" "SELECT code FROM vouchers ORDER BY id" >"$dir/codes"

# --- FreeRADIUS + rlm_sql + SQLite, the same accounts ---------------------------------
# Two copies. The one measured has the same data as spotgate: every account in the
# plan's group (radusergroup), whose replies (radgroupreply) carry the plan's
# interim interval and rates, and whose Max-All-Session (radgroupcheck) the
# noresetcounter sqlcounter turns into the remaining Session-Timeout from radacct:
# what a daloRADIUS profile does and what spotgate's Access-Accept carries. The
# plan's 5 GB are not checked at login: stock FreeRADIUS has no data counter.
# The bare copy has only the passwords (radcheck), and answers logins only.
schema=/etc/freeradius/3.0/mods-config/sql/main/sqlite/schema.sql
mkdir -p "$dir/fr" "$dir/frbare"
sqlite3 "$dir/fr/radius.db" <"$schema"
sqlite3 "$dir/fr/radius.db" "PRAGMA journal_mode = WAL" >/dev/null
awk -v q="'" '{ printf "INSERT INTO radcheck (username, attribute, op, value) VALUES (%s%s%s, %sCleartext-Password%s, %s:=%s, %s%s%s);\n", q, $1, q, q, q, q, q, q, $1, q }' \
	"$dir/codes" | { echo "BEGIN;"; cat; echo "COMMIT;"; } | sqlite3 "$dir/fr/radius.db"
cp "$dir/fr/radius.db" "$dir/frbare/radius.db"
awk -v q="'" '{ printf "INSERT INTO radusergroup (username, groupname, priority) VALUES (%s%s%s, %sDay%s, 1);\n", q, $1, q, q, q }' \
	"$dir/codes" | { echo "BEGIN;"; cat; cat <<'SQL'; echo "COMMIT;"; } | sqlite3 "$dir/fr/radius.db"
INSERT INTO radgroupcheck (groupname, attribute, op, value) VALUES ('Day', 'Max-All-Session', ':=', '86400');
INSERT INTO radgroupreply (groupname, attribute, op, value) VALUES
	('Day', 'Acct-Interim-Interval', ':=', '300'),
	('Day', 'WISPr-Bandwidth-Max-Up', ':=', '2000000'),
	('Day', 'WISPr-Bandwidth-Max-Down', ':=', '10000000');
SQL

# freeradius_start DIR AUTH_PORT ACCT_PORT PLAN(yes|no): configure and start one copy;
# sets fr_started to its PID
freeradius_start() {
	/usr/bin/python3 - "$1" "$2" "$3" "$SECRET" "$4" <<'EOF'
import sys
sys.path.insert(0, "tests/integration")
from freeradius import FreeRadius
d, auth, acct, secret, plan = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "yes"
sql = f"""	expr {{
	}}
	sql {{
		dialect = "sqlite"
		driver = "rlm_sql_sqlite"
		sqlite {{
			filename = "{d}/radius.db"
			busy_timeout = 5000
		}}
		radius_db = "radius"
		acct_table1 = "radacct"
		acct_table2 = "radacct"
		postauth_table = "radpostauth"
		authcheck_table = "radcheck"
		groupcheck_table = "radgroupcheck"
		authreply_table = "radreply"
		groupreply_table = "radgroupreply"
		usergroup_table = "radusergroup"
		read_groups = {"yes" if plan else "no"}
		delete_stale_sessions = yes
		pool {{
			start = 8
			min = 1
			max = 8
			spare = 8
			uses = 0
			retry_delay = 30
			lifetime = 0
			idle_timeout = 60
		}}
		client_table = "nas"
		group_attribute = "SQL-Group"
		$INCLUDE /etc/freeradius/3.0/mods-config/sql/main/sqlite/queries.conf
	}}
"""
# Debian's noresetcounter, its SQLite query written out (its file is found through
# ${modconfdir}, which here is the temporary directory)
counter = """	sqlcounter noresetcounter {
		sql_module_instance = sql
		dialect = "sqlite"
		counter_name = Max-All-Session-Time
		check_name = Max-All-Session
		key = User-Name
		reset = never
		query = "SELECT IFNULL(SUM(acctsessiontime),0) FROM radacct WHERE username = '%{${key}}'"
	}
"""
fr = FreeRadius(d, auth, acct, secret=secret, threads=8, extra_modules=sql + (counter if plan else ""),
                authorize="\t\tsql\n\t\tnoresetcounter" if plan else "\t\tsql", accounting="\t\tsql")
# daloRADIUS logs every login in radpostauth, and accounting needs a unique id
conf = open(f"{d}/radiusd.conf").read()
conf = conf.replace("\tpreacct {\n\t}", "\tpreacct {\n\t\tupdate request {\n"
                    "\t\t\tAcct-Unique-Session-Id := \"%{Acct-Session-Id}\"\n\t\t}\n\t}")
conf = conf.replace("\tpost-auth {\n", "\tpost-auth {\n\t\tsql\n")
open(f"{d}/radiusd.conf", "w").write(conf)
EOF
	"$FREERADIUS" -f -l stdout -d "$1" -n radiusd >"$1.log" 2>&1 &
	fr_started=$!
	for _ in $(seq 300); do grep -q "Ready to process requests" "$1.log" && break; sleep 0.05; done
	grep -q "Ready to process requests" "$1.log" || { cat "$1.log"; exit 1; }
}
freeradius_start "$dir/fr" "$fr_auth" "$fr_acct" yes
fr_pid=$fr_started
freeradius_start "$dir/frbare" "$bare_auth" "$bare_acct" no
bare_pid=$fr_started

# --- the request files: N accounts, each with its own MAC and session --------------
# (and the next N accounts' first logins, auth-next.txt, for the second load generator)
head -n $((2 * N)) "$dir/codes" | awk -v dir="$dir" -v n="$N" '
{
	mac = sprintf("02-00-%02X-%02X-%02X-%02X", int(NR / 16777216) % 256, int(NR / 65536) % 256, int(NR / 256) % 256, NR % 256)
	printf "User-Name = \"%s\"\nUser-Password = \"%s\"\nCalling-Station-Id = \"%s\"\nNAS-IP-Address = 127.0.0.1\nNAS-Port-Type = Wireless-802.11\nMessage-Authenticator = 0x00\n\n", $1, $1, mac > (dir (NR <= n ? "/auth.txt" : "/auth-next.txt"))
	if (NR > n)
		next
	common = sprintf("User-Name = \"%s\"\nAcct-Session-Id = \"bench-%d\"\nCalling-Station-Id = \"%s\"\nNAS-IP-Address = 127.0.0.1\nFramed-IP-Address = 10.%d.%d.%d\n", $1, NR, mac, int(NR / 65536) % 256, int(NR / 256) % 256, NR % 256)
	printf "Acct-Status-Type = Start\n%s\n", common > (dir "/start.txt")
	printf "Acct-Status-Type = Interim-Update\n%sAcct-Session-Time = 60\nAcct-Input-Octets = %d\nAcct-Output-Octets = %d\n\n", common, 1000 + NR, 50000 + NR > (dir "/interim.txt")
	printf "Acct-Status-Type = Interim-Update\n%sAcct-Session-Time = 90\nAcct-Input-Octets = %d\nAcct-Output-Octets = %d\n\n", common, 1500 + NR, 70000 + NR > (dir "/interim2.txt")
	printf "Acct-Status-Type = Stop\n%sAcct-Session-Time = 120\nAcct-Input-Octets = %d\nAcct-Output-Octets = %d\nAcct-Terminate-Cause = User-Request\n\n", common, 2000 + NR, 90000 + NR > (dir "/stop.txt")
}'
# radclient reads only the dictionaries these requests need: the whole of
# FreeRADIUS's (237 files) costs it 37 ms at every start, 14 ms this way.
mkdir -p "$dir/dict"
printf '$INCLUDE /usr/share/freeradius/dictionary.%s\n' rfc2865 rfc2866 rfc2869 >"$dir/dict/dictionary"

# run GENERATOR KIND FILE PORT PID -> "received seconds cpu-seconds client-cpu-seconds"
# (cpu: the server process's, all its threads, while it ran; client: the load
# generators'); checks that every request was sent.
# GENERATOR radclient: radclient walks its whole request list for every packet it
# receives, so one radclient with 20,000 requests spends ~600 us of CPU per request
# and becomes the bottleneck for any server. The file is cut into chunks of $CHUNK,
# run by $CLIENTS radclient processes at a time, each with -p $PARALLEL in flight.
# GENERATOR radius_load: the whole file, $PARALLEL in flight.
run() {
	local gen=$1 kind=$2 file=$3 port=$4 pid=$5 t0 t1 c0 c1 out accepted rejected lost resent
	local chunk=$CHUNK clients=$CLIENTS cmd
	if [ "$gen" = radius_load ]; then
		chunk=$N clients=1 cmd="$dir/radius_load"
	else
		cmd="radclient -D $dir/dict -q -s"
	fi
	rm -f "$dir"/chunk.* "$dir"/out.*
	awk -v RS= -v ORS='\n\n' -v n="$chunk" -v d="$dir" '{ print > (d "/chunk." sprintf("%05d", int((NR - 1) / n))) }' "$file"
	c0=$(cpu_ticks "$pid")
	t0=$(date +%s.%N)
	# the subshell reaps every load generator: its children's CPU time is theirs
	client_ticks=$(ls "$dir"/chunk.* | { xargs -P "$clients" -I{} sh -c \
		"$cmd -p $PARALLEL -r 3 -t 5 -f {} 127.0.0.1:$port $kind $SECRET >{}.out 2>&1 || true"
		awk '{print $16 + $17}' "/proc/$BASHPID/stat"; })
	t1=$(date +%s.%N)
	c1=$(cpu_ticks "$pid")
	out=$(cat "$dir"/chunk.*.out)
	accepted=$(awk '/Accepted/ {n += $3} END {print n + 0}' <<<"$out")
	rejected=$(awk '/Rejected/ {n += $3} END {print n + 0}' <<<"$out")
	lost=$(awk '/Lost/ {n += $3} END {print n + 0}' <<<"$out")
	resent=$(awk '/Resent/ {n += $3} END {print n + 0}' <<<"$out")	# radius_load's only
	if [ "$((accepted + rejected + lost))" -ne "$N" ]; then
		echo "$gen stopped early: $((accepted + rejected + lost)) of $N sent ($file, port $port)" >&2
	fi
	if [ "$rejected" -ne 0 ] || [ "$lost" -ne 0 ]; then
		echo "$gen: $rejected rejected, $lost lost ($file, port $port)" >&2
	fi
	if [ "$resent" -ne 0 ]; then
		echo "$gen: $resent requests resent after 5 s without an answer ($file, port $port)" >&2
	fi
	echo "$accepted $(echo "$t1 - $t0" | bc -l) $(echo "($c1 - $c0) / $(getconf CLK_TCK)" | bc -l)" \
		"$(echo "$client_ticks / $(getconf CLK_TCK)" | bc -l)"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rate() { echo "$1 / $2" | bc -l; }

# the set-up's writes (two FreeRADIUS databases, 100,000 vouchers) reach the disk
# now, not during the first run's commits
sync
read -r null_auth_n null_auth_t null_auth_c null_auth_rc < <(run radclient auth "$dir/auth.txt" "$null_auth" "$null_pid")
read -r sg_auth_n sg_auth_t sg_auth_c sg_auth_rc < <(run radclient auth "$dir/auth.txt" "$sg_auth" "$sg_pid")
read -r fr_auth_n fr_auth_t fr_auth_c fr_auth_rc < <(run radclient auth "$dir/auth.txt" "$fr_auth" "$fr_pid")
read -r bare_auth_n bare_auth_t bare_auth_c bare_auth_rc < <(run radclient auth "$dir/auth.txt" "$bare_auth" "$bare_pid")
read -r sg_start_n sg_start_t sg_start_c sg_start_rc < <(run radclient acct "$dir/start.txt" "$sg_acct" "$sg_pid")
read -r fr_start_n fr_start_t fr_start_c fr_start_rc < <(run radclient acct "$dir/start.txt" "$fr_acct" "$fr_pid")
read -r null_int_n null_int_t null_int_c null_int_rc < <(run radclient acct "$dir/interim.txt" "$null_acct" "$null_pid")
read -r sg_int_n sg_int_t sg_int_c sg_int_rc < <(run radclient acct "$dir/interim.txt" "$sg_acct" "$sg_pid")
read -r fr_int_n fr_int_t fr_int_c fr_int_rc < <(run radclient acct "$dir/interim.txt" "$fr_acct" "$fr_pid")
# the sessions' second Interim-Update, sent by the load generator that sleeps while it waits
read -r lnull_int_n lnull_int_t lnull_int_c lnull_int_rc < <(run radius_load acct "$dir/interim2.txt" "$null_acct" "$null_pid")
read -r lsg_int_n lsg_int_t lsg_int_c lsg_int_rc < <(run radius_load acct "$dir/interim2.txt" "$sg_acct" "$sg_pid")
read -r lfr_int_n lfr_int_t lfr_int_c lfr_int_rc < <(run radius_load acct "$dir/interim2.txt" "$fr_acct" "$fr_pid")
read -r sg_stop_n sg_stop_t sg_stop_c sg_stop_rc < <(run radclient acct "$dir/stop.txt" "$sg_acct" "$sg_pid")
read -r fr_stop_n fr_stop_t fr_stop_c fr_stop_rc < <(run radclient acct "$dir/stop.txt" "$fr_acct" "$fr_pid")
read -r sg_again_n sg_again_t sg_again_c sg_again_rc < <(run radclient auth "$dir/auth.txt" "$sg_auth" "$sg_pid")
read -r fr_again_n fr_again_t fr_again_c fr_again_rc < <(run radclient auth "$dir/auth.txt" "$fr_auth" "$fr_pid")
read -r bare_again_n bare_again_t bare_again_c bare_again_rc < <(run radclient auth "$dir/auth.txt" "$bare_auth" "$bare_pid")
# logins by the load generator that sleeps while it waits: the next 20,000 vouchers'
# first use, then the first 20,000 guests once more
read -r lnull_auth_n lnull_auth_t lnull_auth_c lnull_auth_rc < <(run radius_load auth "$dir/auth-next.txt" "$null_auth" "$null_pid")
read -r lsg_auth_n lsg_auth_t lsg_auth_c lsg_auth_rc < <(run radius_load auth "$dir/auth-next.txt" "$sg_auth" "$sg_pid")
read -r lfr_auth_n lfr_auth_t lfr_auth_c lfr_auth_rc < <(run radius_load auth "$dir/auth-next.txt" "$fr_auth" "$fr_pid")
read -r lsg_again_n lsg_again_t lsg_again_c lsg_again_rc < <(run radius_load auth "$dir/auth.txt" "$sg_auth" "$sg_pid")
read -r lfr_again_n lfr_again_t lfr_again_c lfr_again_rc < <(run radius_load auth "$dir/auth.txt" "$fr_auth" "$fr_pid")

# what each side committed
sg_stopped=$(sqlite3 "$dir/sg/spotgate.db" "SELECT count(*) FROM sessions WHERE acct_session_id LIKE 'bench-%' AND stopped_at IS NOT NULL AND bytes_down >= 90000")
sg_logins=$(sqlite3 "$dir/sg/spotgate.db" "SELECT count(*) FROM sessions")
fr_stopped=$(sqlite3 "$dir/fr/radius.db" "SELECT count(*) FROM radacct WHERE acctstoptime IS NOT NULL AND acctoutputoctets >= 90000")
fr_logins=$(sqlite3 "$dir/fr/radius.db" "SELECT count(*) FROM radpostauth")

# what each answers the first guest now, after the counts: the plan's attributes;
# FreeRADIUS's Session-Timeout is what is left of the day after the stopped
# session's 120 s, so its counter read radacct
mkdir -p "$dir/dict-wispr"
printf '$INCLUDE /usr/share/freeradius/dictionary.%s\n' rfc2865 rfc2866 rfc2869 wispr >"$dir/dict-wispr/dictionary"
reply_of() {	# PORT -> the Access-Accept's attributes, one line
	head -n 7 "$dir/auth.txt" | radclient -D "$dir/dict-wispr" -x -r 1 -t 5 "127.0.0.1:$1" auth "$SECRET" 2>&1 |
		awk '/^Received/ {on = 1; next} on && /=/ {sub(/^[ \t]+/, ""); printf "%s; ", $0}'
}
sg_reply=$(reply_of "$sg_auth")
fr_reply=$(reply_of "$fr_auth")
grep -q "Session-Timeout = 86280" <<<"$fr_reply" || { echo "FreeRADIUS: no Session-Timeout = 86280 in: $fr_reply" >&2; exit 1; }


printf '%s accounts; %s requests of each kind per server, %s radclient at a time (%s requests each, -p %s); rates count answers received\n\n' \
	"$ACCOUNTS" "$N" "$CLIENTS" "$CHUNK" "$PARALLEL"
echo "| request | spotgate answered | spotgate /s | FreeRADIUS+SQLite answered | FreeRADIUS /s | ratio |"
echo "|---|---|---|---|---|---|"
row() {
	local sg=$(rate "$2" "$3") fr=$(rate "$4" "$5")
	printf '| %s | %s | %.0f | %s | %.0f | %.1fx |\n' "$1" "$2" "$sg" "$4" "$fr" "$(echo "$sg / $fr" | bc -l)"
}
row "Access-Request (PAP + Message-Authenticator), first use of a voucher" "$sg_auth_n" "$sg_auth_t" "$fr_auth_n" "$fr_auth_t"
row "Accounting-Request Start" "$sg_start_n" "$sg_start_t" "$fr_start_n" "$fr_start_t"
row "Accounting-Request Interim-Update" "$sg_int_n" "$sg_int_t" "$fr_int_n" "$fr_int_t"
row "Accounting-Request Stop" "$sg_stop_n" "$sg_stop_t" "$fr_stop_n" "$fr_stop_t"
row "Access-Request (PAP + Message-Authenticator), existing account" "$sg_again_n" "$sg_again_t" "$fr_again_n" "$fr_again_t"
row "Access-Request, first use; FreeRADIUS without the plan (passwords only)" "$sg_auth_n" "$sg_auth_t" "$bare_auth_n" "$bare_auth_t"
row "Access-Request, existing account; FreeRADIUS without the plan" "$sg_again_n" "$sg_again_t" "$bare_again_n" "$bare_again_t"
# The servers' own CPU time per answered request: what each costs, whatever the load
# generator; and radclient's, which shares the same cores.
echo
echo "| request | spotgated CPU per request | radclient's, against spotgate | FreeRADIUS CPU per request (all threads) | radclient's, against FreeRADIUS | server ratio |"
echo "|---|---|---|---|---|---|"
us() { echo "$2 / $1 * 1000000" | bc -l; }
cpu_row() {	# NAME SG_N SG_CPU SG_CLIENT_CPU FR_N FR_CPU FR_CLIENT_CPU
	local sg=$(us "$2" "$3") fr=$(us "$5" "$6")
	printf '| %s | %.0f us | %.0f us | %.0f us | %.0f us | %.1fx |\n' "$1" "$sg" "$(us "$2" "$4")" "$fr" "$(us "$5" "$7")" \
		"$(echo "$fr / $sg" | bc -l)"
}
cpu_row "Access-Request" "$sg_auth_n" "$sg_auth_c" "$sg_auth_rc" "$fr_auth_n" "$fr_auth_c" "$fr_auth_rc"
cpu_row "Accounting Start" "$sg_start_n" "$sg_start_c" "$sg_start_rc" "$fr_start_n" "$fr_start_c" "$fr_start_rc"
cpu_row "Accounting Interim-Update" "$sg_int_n" "$sg_int_c" "$sg_int_rc" "$fr_int_n" "$fr_int_c" "$fr_int_rc"
cpu_row "Accounting Stop" "$sg_stop_n" "$sg_stop_c" "$sg_stop_rc" "$fr_stop_n" "$fr_stop_c" "$fr_stop_rc"
cpu_row "Access-Request, existing account" "$sg_again_n" "$sg_again_c" "$sg_again_rc" "$fr_again_n" "$fr_again_c" "$fr_again_rc"
cpu_row "Access-Request, first use; FreeRADIUS without the plan" "$sg_auth_n" "$sg_auth_c" "$sg_auth_rc" "$bare_auth_n" "$bare_auth_c" "$bare_auth_rc"
cpu_row "Access-Request, existing account; FreeRADIUS without the plan" "$sg_again_n" "$sg_again_c" "$sg_again_rc" "$bare_again_n" "$bare_again_c" "$bare_again_rc"
# What radclient can take at most here, and how much of it each server reaches
echo
echo "| request | radclient against a server doing nothing | spotgate, of that | FreeRADIUS+SQLite, of that | 10x FreeRADIUS would be |"
echo "|---|---|---|---|---|"
ceiling_row() {	# NAME NULL_N NULL_T SG_N SG_T FR_N FR_T
	local null=$(rate "$2" "$3") sg=$(rate "$4" "$5") fr=$(rate "$6" "$7")
	printf '| %s | %.0f /s | %.0f %% | %.0f %% | %.0f %% |\n' "$1" "$null" "$(echo "100 * $sg / $null" | bc -l)" \
		"$(echo "100 * $fr / $null" | bc -l)" "$(echo "1000 * $fr / $null" | bc -l)"
}
ceiling_row "Access-Request, first use" "$null_auth_n" "$null_auth_t" "$sg_auth_n" "$sg_auth_t" "$fr_auth_n" "$fr_auth_t"
ceiling_row "Access-Request, existing account" "$null_auth_n" "$null_auth_t" "$sg_again_n" "$sg_again_t" "$fr_again_n" "$fr_again_t"
ceiling_row "Accounting Interim-Update" "$null_int_n" "$null_int_t" "$sg_int_n" "$sg_int_t" "$fr_int_n" "$fr_int_t"
# The same kinds of request from bench/radius_load.c, which waits in poll() and so
# leaves the cores to the server it measures
echo
echo "With a load generator that sleeps while it waits (bench/radius_load.c, -p $PARALLEL, the whole file at once):"
echo
echo "| request | generator against a server doing nothing | spotgate /s | FreeRADIUS+SQLite /s | ratio | spotgated CPU per request | FreeRADIUS CPU per request | generator's CPU per request, against spotgate / FreeRADIUS |"
echo "|---|---|---|---|---|---|---|---|"
load_row() {	# NAME NULL_N NULL_T SG_N SG_T SG_CPU SG_CLIENT_CPU FR_N FR_T FR_CPU FR_CLIENT_CPU
	local null=$(rate "$2" "$3") sg=$(rate "$4" "$5") fr=$(rate "$8" "$9")
	printf '| %s | %.0f /s | %.0f | %.0f | %.1fx | %.0f us | %.0f us | %.0f us / %.0f us |\n' "$1" "$null" "$sg" "$fr" \
		"$(echo "$sg / $fr" | bc -l)" "$(us "$4" "$6")" "$(us "$8" "${10}")" "$(us "$4" "$7")" "$(us "$8" "${11}")"
}
load_row "Access-Request (PAP + Message-Authenticator), first use of a voucher" "$lnull_auth_n" "$lnull_auth_t" \
	"$lsg_auth_n" "$lsg_auth_t" "$lsg_auth_c" "$lsg_auth_rc" "$lfr_auth_n" "$lfr_auth_t" "$lfr_auth_c" "$lfr_auth_rc"
load_row "Access-Request (PAP + Message-Authenticator), existing account" "$lnull_auth_n" "$lnull_auth_t" \
	"$lsg_again_n" "$lsg_again_t" "$lsg_again_c" "$lsg_again_rc" "$lfr_again_n" "$lfr_again_t" "$lfr_again_c" "$lfr_again_rc"
load_row "Accounting-Request Interim-Update (the sessions' second)" "$lnull_int_n" "$lnull_int_t" \
	"$lsg_int_n" "$lsg_int_t" "$lsg_int_c" "$lsg_int_rc" "$lfr_int_n" "$lfr_int_t" "$lfr_int_c" "$lfr_int_rc"
printf '\nthe first guest, again: spotgate answers %s\nFreeRADIUS answers %s\n' "$sg_reply" "$fr_reply"
printf '\ncommitted: spotgate %s sessions opened, %s stopped with their final usage; FreeRADIUS %s radpostauth rows, %s radacct rows stopped with their final usage\n' \
	"$sg_logins" "$sg_stopped" "$fr_logins" "$fr_stopped"
