"""Summarises a JFR recording printed as JSON (jdk.ExecutionSample, jdk.ObjectAllocationSample) as
Markdown tables, for bench/profile.sh. Argument: the requests answered while it recorded."""
import collections
import json
import re
import sys

requests = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0
events = json.load(sys.stdin)["recording"]["events"]

def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]

def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return [frame_name(f) for f in trace.get("frames", [])]

def thread_group(event, key):
    thread = event["values"].get(key) or {}
    name = thread.get("javaName") or thread.get("osName") or "?"
    return re.sub(r"\d+", "#", name)

def table(title, header, rows):
    print(f"**{title}**")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()

samples = [e for e in events if e["type"] == "jdk.ExecutionSample"]
allocations = [e for e in events if e["type"] == "jdk.ObjectAllocationSample"]
total = len(samples) or 1

groups = collections.Counter(thread_group(e, "sampledThread") for e in samples)
table(f"CPU samples by thread ({len(samples)} samples)", ["thread", "share"],
      [(f"`{name}`", f"{100 * n / total:.1f} %") for name, n in groups.most_common(8)])

tops = collections.Counter(fs[0] for fs in map(frames, samples) if fs)
table("Methods on top of the stack (self time)", ["method", "share"],
      [(f"`{name}`", f"{100 * n / total:.1f} %") for name, n in tops.most_common(25)])

ours = collections.Counter()
for fs in map(frames, samples):
    for name in set(f for f in fs if f.startswith("com.vobizrouter.")):
        ours[name] += 1
table("Methods of the router's own code anywhere on the stack (self and below, stacks cut at 64 frames)",
      ["method", "share"], [(f"`{name}`", f"{100 * n / total:.1f} %") for name, n in ours.most_common(20)])

PLATFORM = ("java.", "jdk.", "sun.", "com.fasterxml.jackson.core.", "org.apache.tomcat.util.buf.")
weight = sum(e["values"].get("weight", 0) for e in allocations) or 1
sites = collections.Counter()
classes = collections.Counter()
for e in allocations:
    w = e["values"].get("weight", 0)
    classes[(e["values"].get("objectClass") or {}).get("name", "?").replace("/", ".")] += w
    fs = frames(e)
    caller = next((f for f in fs if not f.startswith(PLATFORM)), fs[0] if fs else "?")
    sites[caller] += w
per_request = f", about {weight / requests / 1024:.0f} KiB per request" if requests else ""
table(f"Allocation by site (first frame outside the JDK; sampled weight {weight / 2**30:.1f} GiB{per_request})", ["site", "share"],
      [(f"`{name}`", f"{100 * w / weight:.1f} %") for name, w in sites.most_common(20)])
table("Allocation by class", ["class", "share"], [(f"`{name}`", f"{100 * w / weight:.1f} %") for name, w in classes.most_common(10)])
