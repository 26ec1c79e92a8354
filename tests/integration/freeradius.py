"""A real FreeRADIUS (Debian's freeradius 3.2) for tests: a configuration of
its own in a temporary directory (users file, clients, detail file for
accounting), on loopback ports of its own, started in the foreground with
-X and stopped by PID."""
import os
import shutil
import signal
import subprocess
import time

BINARY = shutil.which("freeradius") or shutil.which("radiusd") or "/usr/sbin/freeradius"

RADIUSD_CONF = """\
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = {dir}
sbindir = /usr/sbin
logdir = {dir}/log
raddbdir = {dir}
radacctdir = {dir}/radacct
name = freeradius
confdir = {dir}
modconfdir = {dir}/mods-config
run_dir = {dir}/run
db_dir = {dir}
libdir = /usr/lib/freeradius
pidfile = {dir}/run/freeradius.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {{
	destination = files
	file = {dir}/log/radius.log
	auth = yes
}}
security {{
	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 0
	status_server = yes
}}
client local {{
	ipaddr = 127.0.0.1
	secret = {secret}
	require_message_authenticator = {require_ma}
	nas_type = other
}}
thread pool {{
	start_servers = {threads}
	max_servers = {threads}
	min_spare_servers = 1
	max_spare_servers = {threads}
	max_requests_per_server = 0
	auto_limit_acct = no
}}
modules {{
	pap {{
		normalise = yes
	}}
	files {{
		filename = {dir}/users
	}}
	detail {{
		filename = {dir}/detail
		escape_filenames = no
		permissions = 0600
		header = "%t"
	}}
{extra_modules}
}}
server default {{
	listen {{
		type = auth
		ipaddr = 127.0.0.1
		port = {auth_port}
	}}
	listen {{
		type = acct
		ipaddr = 127.0.0.1
		port = {acct_port}
	}}
	authorize {{
{authorize}
		pap
	}}
	authenticate {{
		Auth-Type PAP {{
			pap
		}}
	}}
	preacct {{
	}}
	accounting {{
{accounting}
	}}
{post_auth}}}
"""


# 3.2.1 signs replies only when asked (3.2.5 always does): BlastRADIUS
SIGN_REPLIES = """\
	post-auth {
		update reply {
			Message-Authenticator := 0x00
		}
		Post-Auth-Type REJECT {
			update reply {
				Message-Authenticator := 0x00
			}
		}
	}
"""


class FreeRadius:
    """One freeradius -X process with its configuration in `directory`.

    users: the `users` file (rlm_files); extra_modules / authorize /
    accounting: configuration text for other setups (the benchmark's rlm_sql);
    sign_replies: Message-Authenticator in every Access-Accept/Reject.
    """

    def __init__(self, directory, auth_port, acct_port, secret="testing123", users="",
                 require_ma="no", threads=8, extra_modules="", authorize="\t\tfiles",
                 accounting="\t\tdetail", sign_replies=True):
        self.dir = str(directory)
        self.auth_port = auth_port
        self.acct_port = acct_port
        self.secret = secret
        self.proc = None
        os.makedirs(os.path.join(self.dir, "log"), exist_ok=True)
        os.makedirs(os.path.join(self.dir, "run"), exist_ok=True)
        with open(os.path.join(self.dir, "radiusd.conf"), "w") as f:
            f.write(RADIUSD_CONF.format(dir=self.dir, secret=secret, require_ma=require_ma, threads=threads,
                                        auth_port=auth_port, acct_port=acct_port, extra_modules=extra_modules,
                                        authorize=authorize, accounting=accounting,
                                        post_auth=SIGN_REPLIES if sign_replies else ""))
        with open(os.path.join(self.dir, "dictionary"), "w") as f:
            f.write("$INCLUDE /usr/share/freeradius/dictionary\n")
        with open(os.path.join(self.dir, "users"), "w") as f:
            f.write(users)
        self.detail_path = os.path.join(self.dir, "detail")
        self.out_path = os.path.join(self.dir, "freeradius.out")

    def start(self, timeout=15):
        self.out = open(self.out_path, "wb")
        # -f: foreground; -l stdout: log there; not -X, whose per-packet
        # debug output would be most of its work
        self.proc = subprocess.Popen([BINARY, "-f", "-l", "stdout", "-d", self.dir, "-n", "radiusd"],
                                     stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"freeradius exited with {self.proc.returncode}:\n{self.log()}")
            if "Ready to process requests" in self.log():
                return self
            time.sleep(0.05)
        raise RuntimeError("freeradius did not become ready:\n" + self.log())

    def log(self):
        try:
            with open(self.out_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def detail(self):
        """The accounting records FreeRADIUS wrote, as a list of dicts."""
        try:
            with open(self.detail_path, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            return []
        records = []
        for block in text.split("\n\n"):
            rec = {}
            for line in block.splitlines()[1:]:
                if "=" in line:
                    k, v = line.split("=", 1)
                    rec[k.strip()] = v.strip().strip('"')
            if rec:
                records.append(rec)
        return records

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "out", None):
            self.out.close()
