/**
 * `nslookup` output as busybox prints it (networking/nslookup.c, the musl-compatible version):
 * `Server:\t\t<ns>` / `Address:\t<ns>:53`, then per reply either `Name:\t<n>` +
 * `Address: <ip>` lines, `<n>\tcanonical name = <target>`, or
 * `** server can't find <n>: NXDOMAIN`, each reply followed by an empty line. busybox asks A
 * and AAAA; our clusters are IPv4-only, so the AAAA reply is empty (NOERROR) or repeats the error.
 *
 * The shell walks the pod's search path (ndots) and shows the first name that exists; when none
 * does, the error names the first candidate, as the learner's search path explains.
 */
import type { DnsAnswer, RRType } from "./records";
import { searchCandidates, type ResolvConf } from "./resolv";

/** one question to the nameserver; "timeout" when it could not be reached (e.g. NetworkPolicy) */
export type DnsTransport = (server: string, name: string, type: RRType) => DnsAnswer | "timeout";

export interface NslookupResult {
  stdout: string;
  exitCode: number;
  /** the answer shown (for lessons) */
  name?: string;
  answer?: DnsAnswer;
}

function reply(name: string, a: DnsAnswer): string {
  if (a.rcode !== "NOERROR") return `** server can't find ${name}: ${a.rcode}\n\n`;
  let out = a.authoritative ? "" : "Non-authoritative answer:\n";
  for (const r of a.answers) {
    if (r.type === "A") out += `Name:\t${r.name}\nAddress: ${r.data}\n`;
    else if (r.type === "CNAME") out += `${r.name}\tcanonical name = ${r.data}\n`;
    else if (r.type === "PTR") out += `${r.name}\tname = ${r.data}\n`;
    else if (r.type === "SRV") out += `${r.name}\tservice = ${r.srv!.priority} ${r.srv!.weight} ${r.srv!.port} ${r.data}\n`;
  }
  return out + "\n";
}

/** `nslookup <name> [server]` from a pod with `conf` as its resolv.conf */
export function nslookup(
  name: string,
  conf: ResolvConf,
  send: DnsTransport,
  opts: { server?: string; type?: RRType } = {},
): NslookupResult {
  const server = opts.server ?? conf.nameservers[0] ?? "127.0.0.1";
  const ptr = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(name);
  const type: RRType = opts.type ?? (ptr ? "PTR" : "A");
  const candidates = ptr ? [`${ptr[4]}.${ptr[3]}.${ptr[2]}.${ptr[1]}.in-addr.arpa`] : searchCandidates(name, conf);
  let first: { name: string; answer: DnsAnswer } | undefined;
  for (const candidate of candidates) {
    const a = send(server, candidate, type);
    if (a === "timeout") return { stdout: ";; connection timed out; no servers could be reached\n\n", exitCode: 1 };
    first ??= { name: candidate, answer: a };
    if (a.rcode === "NOERROR" && a.answers.length > 0) {
      first = { name: candidate, answer: a };
      break;
    }
  }
  const header = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  const shown = first!;
  const found = shown.answer.rcode === "NOERROR" && shown.answer.answers.length > 0;
  // the second (AAAA) reply: empty on success, the same error otherwise
  const second = type === "A" ? (found ? "\n" : reply(shown.name, shown.answer)) : "";
  return { stdout: header + reply(shown.name, shown.answer) + second, exitCode: found ? 0 : 1, name: shown.name, answer: shown.answer };
}
