// netcalc's page of one simulation run: everything below works from the data embedded in the
// page (the run's --json document and the page's extras); nothing is fetched.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("netcalc-data").textContent);
  const run = D.run, P = D.page, topo = P.topology;
  const events = run.events || [];
  const N = events.length;
  const SVG = "http://www.w3.org/2000/svg";
  let lang = P.lang === "zh" ? "zh" : "en";
  let step = 0, timer = null, selected = null;

  const $ = (id) => document.getElementById(id);
  const L = (k) => (P.labels[lang] && P.labels[lang][k]) || P.labels.en[k] || k;
  const fill = (text, vals) => text.replace(/\$(\w+)/g, (m, k) => (k in vals ? vals[k] : m));
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const el = (tag, attrs, parent) => {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  };
  const nodeName = (i) => (topo.nodes[i] ? topo.nodes[i].name : "?");
  /** The words of event i in the page's language: [at, what, why]. */
  const words = (i) => {
    if (lang === "zh" && P.zh[i]) return P.zh[i];
    const e = events[i];
    return [e.at, e.event, e.reason];
  };

  // ---- Topology ------------------------------------------------------------------------
  // The drawing's width in SVG units: narrower for small LANs, so that the names stay large
  // when the drawing is scaled to its column.
  /** The nodes other than routers with an interface on bridge b (drawn around it). */
  const hostsOn = (b) => topo.nodes.map((n, k) => k).filter((k) => topo.nodes[k].role !== "router" && topo.nodes[k].ifaces.some((f) => f.bridge === b));
  const widest = topo.bridges.reduce((a, b, i) => a + Math.max(2, Math.min(8, Math.ceil(hostsOn(i).length / 2))), 0);
  const W = Math.max(420, Math.min(960, widest * 100 + 40));
  const pos = { node: [], bridge: [] };
  let topoHeight = 300;
  function layout() {
    const nb = topo.bridges.length;
    const slot = W / Math.max(nb, 1);
    const perRow = [];
    let rowsNeeded = 1;
    topo.bridges.forEach((b, i) => {
      const hosts = hostsOn(i);
      const fit = Math.max(2, Math.floor(slot / 78));
      perRow[i] = { hosts, fit };
      rowsNeeded = Math.max(rowsNeeded, Math.ceil(hosts.length / fit));
    });
    const above = Math.ceil(rowsNeeded / 2), below = Math.floor(rowsNeeded / 2);
    const rowH = 74, mid = 40 + above * rowH + 30;
    topoHeight = mid + 30 + below * rowH + 40;
    topo.bridges.forEach((b, i) => {
      const cx = slot * (i + 0.5);
      pos.bridge[i] = { x: cx, y: mid };
      const { hosts, fit } = perRow[i];
      hosts.forEach((k, j) => {
        const row = Math.floor(j / fit), col = j % fit;
        const inRow = Math.min(fit, hosts.length - row * fit);
        const span = slot * 0.92;
        const x = cx - span / 2 + span * (col + 0.5) / inRow;
        const up = row % 2 === 0;
        const level = Math.floor(row / 2) + 1;
        pos.node[k] = { x, y: up ? mid - 30 - level * rowH + 20 : mid + 30 + level * rowH - 20 };
      });
    });
    topo.nodes.forEach((n, k) => {
      if (n.role !== "router") return;
      const bs = [...new Set(n.ifaces.map((f) => f.bridge))];
      const x = bs.reduce((a, b) => a + pos.bridge[b].x, 0) / bs.length;
      pos.node[k] = { x: bs.length > 1 ? x : x + slot * 0.3, y: bs.length > 1 ? mid - 55 : mid - 70 };
    });
  }
  /** Where port p (1-based) of bridge b leads: a node's interface or another bridge. */
  const peerPos = (b, p) => {
    const peer = topo.bridges[b].peers[p - 1];
    if (!peer) return null;
    return "node" in peer ? pos.node[peer.node] : pos.bridge[peer.bridge];
  };
  function drawTopology() {
    layout();
    const svg = $("topology");
    svg.setAttribute("viewBox", `0 0 ${W} ${topoHeight}`);
    svg.innerHTML = "";
    const defs = el("defs", {}, svg);
    const marker = el("marker", { id: "arrowhead", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#cf222e" }, marker);
    const links = el("g", {}, svg);
    const seen = new Set();
    topo.bridges.forEach((b, i) => {
      b.peers.forEach((peer, k) => {
        const key = "node" in peer ? `n${peer.node}-${i}` : [`${i}:${k + 1}`, `${peer.bridge}:${peer.port}`].sort().join("-");
        if (seen.has(key)) return;
        seen.add(key);
        const a = pos.bridge[i], z = peerPos(i, k + 1);
        if (!z) return;
        const line = el("line", { class: "link", x1: a.x, y1: a.y, x2: z.x, y2: z.y, id: `link-${i}-${k + 1}` }, links);
        if (!("node" in peer)) line.dataset.other = `link-${peer.bridge}-${peer.port}`;
      });
    });
    el("g", { id: "flows" }, svg);
    topo.bridges.forEach((b, i) => {
      const g = el("g", { class: "bridge", id: `bridge-${i}` }, svg);
      const { x, y } = pos.bridge[i];
      el("rect", { x: x - 50, y: y - 20, width: 100, height: 40, rx: 6 }, g);
      const t = el("text", { x, y: y + 5, "text-anchor": "middle" }, g);
      t.textContent = b.name + (b.hub ? " (hub)" : "");
    });
    topo.nodes.forEach((n, k) => {
      const p = pos.node[k];
      if (!p) return;
      const g = el("g", { class: `node ${n.role}`, id: `node-${k}` }, svg);
      el("rect", { x: p.x - 36, y: p.y - 17, width: 72, height: 34, rx: n.role === "router" ? 17 : 4 }, g);
      const t = el("text", { x: p.x, y: p.y + 5, "text-anchor": "middle" }, g);
      t.textContent = n.name;
      const ips = n.ifaces.map((f) => `${f.ip}/${f.prefix}`);
      const below = p.y > pos.bridge[n.ifaces[0] ? n.ifaces[0].bridge : 0].y;
      ips.slice(0, 3).forEach((ip, j) => {
        const s = el("text", { class: "small", x: p.x, y: below ? p.y + 31 + j * 12 : p.y - 23 - j * 12, "text-anchor": "middle" }, g);
        s.textContent = ip;
      });
      const title = el("title", {}, g);
      title.textContent = `${n.name} ${n.role}\n` + n.ifaces.map((f) => `${f.ip}/${f.prefix} ${f.mac}`).join("\n");
    });
  }
  /** The links the current frame is on, with their direction: [bridge, port, intoBridge]. */
  function frameLinks(e) {
    if (!e.frame) return [];
    // Lost: it reached the switch's port damaged, and went no further.
    if (e.kind === "lost") return [[e.bridge, e.port, true]];
    if (e.kind === "switch-in") {
      const out = [[e.bridge, e.port, true]];
      const d = e.decision || {};
      const ports = topo.bridges[e.bridge].peers.length;
      if (d.action === "forward") out.push([e.bridge, d.port, false]);
      if (d.action === "flood") for (let p = 1; p <= ports; p++) if (p !== e.port) out.push([e.bridge, p, false]);
      return out;
    }
    const n = topo.nodes[e.node];
    if (!n) return [];
    const sending = ["send", "arp-request", "arp-answer", "released", "forward"].includes(e.kind);
    const mine = n.ifaces.find((f) => f.mac === (sending ? e.frame.src : e.frame.dst)) || n.ifaces[0];
    return mine ? [[mine.bridge, mine.port, sending]] : [];
  }
  function showOnTopology(e) {
    document.querySelectorAll("#topology .active, #topology .current").forEach((x) => x.classList.remove("active", "current"));
    const flows = $("flows");
    flows.innerHTML = "";
    if (e.node !== undefined && e.node !== null && $(`node-${e.node}`)) $(`node-${e.node}`).classList.add("current");
    if (e.bridge !== undefined && $(`bridge-${e.bridge}`)) $(`bridge-${e.bridge}`).classList.add("current");
    for (const [b, p, into] of frameLinks(e)) {
      const line = $(`link-${b}-${p}`) || document.querySelector(`[data-other="link-${b}-${p}"]`);
      if (line) line.classList.add("active");
      const a = pos.bridge[b], z = peerPos(b, p);
      if (!a || !z) continue;
      const [from, to] = into ? [z, a] : [a, z];
      const dx = to.x - from.x, dy = to.y - from.y, len = Math.hypot(dx, dy) || 1;
      const s = { x: from.x + (dx * 30) / len, y: from.y + (dy * 24) / len };
      const t = { x: to.x - (dx * 54) / len, y: to.y - (dy * 24) / len };
      el("line", { class: "flow", x1: s.x, y1: s.y, x2: t.x, y2: t.y, "marker-end": "url(#arrowhead)" }, flows);
    }
  }

  // ---- Tables as of a step -------------------------------------------------------------
  /** The tables after event k, applied to the tables after event k - 1. */
  function apply(st, k) {
    const e = events[k];
    const cache = (node) => {
      if (!st.arp.has(node)) st.arp.set(node, new Map());
      return st.arp.get(node);
    };
    // RFC 826's merge, as the simulator does it (Linux's neigh_update): a request says nothing
    // about reachability, so a new or changed binding is STALE and a usable entry with the
    // same MAC stays as it was.
    const learn = (node, ip, mac) => {
      const old = cache(node).get(ip);
      const usable = old && old.mac === mac && (old.state === "REACHABLE" || old.state === "STALE");
      if (!usable) cache(node).set(ip, { mac, state: "STALE" });
    };
    let changed = null;
    switch (e.kind) {
      case "queue":
        if (e.starts) { cache(e.node).set(e.next_hop, { mac: "", state: "INCOMPLETE" }); changed = `arp:${e.node}:${e.next_hop}`; }
        break;
      case "arp-answer":
        learn(e.node, e.asker_ip, e.asker_mac); changed = `arp:${e.node}:${e.asker_ip}`;
        break;
      case "arp-resolved":
        // Resolved by the address's own request (heard before the reply): stale, unconfirmed.
        if (e.stale) cache(e.node).set(e.ip, { mac: e.mac, state: "STALE" });
        else { cache(e.node).set(e.ip, { mac: e.mac, state: "REACHABLE", since: e.time }); st.confirmed.push(e.time); }
        changed = `arp:${e.node}:${e.ip}`;
        break;
      case "send":
        // An entry confirmed more than 30 s ago is stale when next used (the simulator ages it
        // as it looks it up, and says so).
        if (e.resolved === "stale") {
          const old = cache(e.node).get(e.next_hop);
          if (old && old.state === "REACHABLE") {
            cache(e.node).set(e.next_hop, { mac: old.mac, state: "STALE" }); changed = `arp:${e.node}:${e.next_hop}`;
          }
        }
        break;
      case "arp-failed":
        cache(e.node).set(e.target, { mac: "", state: "FAILED" }); changed = `arp:${e.node}:${e.target}`;
        break;
      case "arp-ignored":
        if (e.merged && e.frame && e.frame.packet) {
          const c = cache(e.node), ip = e.frame.packet.sender_ip;
          if (c.has(ip)) { learn(e.node, ip, e.frame.src); changed = `arp:${e.node}:${ip}`; }
        }
        break;
      case "switch-in":
        if (e.learned && e.learned !== "nothing") {
          if (!st.mac.has(e.bridge)) st.mac.set(e.bridge, new Map());
          st.mac.get(e.bridge).set(e.frame.src, e.port); changed = `mac:${e.bridge}:${e.frame.src}`;
        }
        break;
      case "tcp-state":
        st.socks.set(`${e.node}:${e.conn}`, { node: e.node, conn: e.conn, state: e.to }); changed = `sock:${e.node}:${e.conn}`;
        break;
      case "crash":
        st.arp.delete(e.node);
        for (const key of [...st.socks.keys()]) if (key.startsWith(`${e.node}:`)) st.socks.delete(key);
        break;
    }
    st.at = k;
    st.changed = changed;
    if (changed) st.version = (st.version || 0) + 1;
  }
  // An entry confirmed at `since` (seconds) is stale at `now` once unconfirmed for longer than
  // 30 s: the simulator's rule, on its millisecond clock (Linux's base_reachable_time).
  const expired = (since, now) => now * 1000 - Math.floor(since * 1000 + 1e-6) > 30000;
  /** How many of the confirmation times (in order) have expired by `now`. */
  function expiredBy(times, now) {
    let lo = 0, hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (expired(times[mid], now)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  let cached = null;
  /** The tables as of event i: from the last step's when moving one forward, else replayed. */
  function stateAt(i) {
    if (!cached || cached.at > i) cached = { arp: new Map(), mac: new Map(), socks: new Map(), confirmed: [], at: -1, changed: null, version: 0 };
    for (let k = cached.at + 1; k <= i && k < N; k++) apply(cached, k);
    return cached;
  }
  const MAX_ROWS = 60;
  const hasTcp = events.some((e) => e.kind === "tcp-state");
  let tablesDrawn = null;
  function drawTables() {
    const s = stateAt(step);
    const e = events[step] || {};
    // Most events change no table: redraw only when one changed, the host in view did, or time
    // aged a reachable ARP entry to stale.
    const now = e.time || 0;
    const signature = `${s.version}|${s.changed}|${e.node}|${e.bridge}|${lang}|${expiredBy(s.confirmed, now)}`;
    if (signature === tablesDrawn) return;
    tablesDrawn = signature;
    const rows = [];
    // A large table shows the rows of this step's host or switch (and the one that changed).
    const here = (key) => {
      const [kind, who] = key.split(":");
      return key === s.changed || (kind === "mac" ? +who === e.bridge : +who === e.node);
    };
    const table = (id, caption, heads, all) => {
      const body = all.length > MAX_ROWS ? all.filter(([key]) => here(key)) : all;
      rows.push(`<table id="${id}"><caption>${esc(caption)}</caption><thead><tr>${heads.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>`);
      if (!all.length) rows.push(`<tr><td colspan="${heads.length}">${esc(L("none"))}</td></tr>`);
      for (const [key, cells] of body) rows.push(`<tr data-key="${esc(key)}"${key === s.changed ? ' class="changed"' : ""}>${cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`);
      if (body.length < all.length) rows.push(`<tr><td colspan="${heads.length}">${esc(fill(L("rows-more"), { n: all.length - body.length }))}</td></tr>`);
      rows.push("</tbody></table>");
    };
    const arpRows = [];
    [...s.arp.keys()].sort((a, b) => a - b).forEach((node) => {
      for (const [ip, v] of s.arp.get(node)) {
        const state = v.state === "REACHABLE" && expired(v.since, now) ? "STALE" : v.state;
        arpRows.push([`arp:${node}:${ip}`, [nodeName(node), ip, v.mac || "-", state]]);
      }
    });
    table("arp-table", L("arp"), [L("col-host"), L("col-ip"), L("col-mac"), L("col-state")], arpRows);
    const macRows = [];
    [...s.mac.keys()].sort((a, b) => a - b).forEach((b) => {
      for (const [m, p] of s.mac.get(b)) macRows.push([`mac:${b}:${m}`, [topo.bridges[b].name, m, String(p)]]);
    });
    table("mac-table", L("mac"), [L("col-switch"), L("col-mac"), L("col-port")], macRows);
    if (s.socks.size || hasTcp) {
      const sockRows = [...s.socks.values()].map((v) => [`sock:${v.node}:${v.conn}`, [nodeName(v.node), `#${v.conn}`, v.state]]);
      table("socket-table", L("sockets"), [L("col-host"), L("col-socket"), L("col-state")], sockRows);
    }
    $("tables").innerHTML = rows.join("");
  }

  // ---- The frame: layers and bytes ------------------------------------------------------
  const hex2 = (n, w) => "0x" + n.toString(16).padStart(w, "0");
  const macAt = (b, o) => b.slice(o, o + 6).map((x) => x.toString(16).padStart(2, "0")).join(":");
  const ipAt = (b, o) => b.slice(o, o + 4).join(".");
  const u16 = (b, o) => (b[o] << 8) | b[o + 1];
  const u32 = (b, o) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];
  /** Each layer of a frame: its name and fields (label key, tshark's field name, offset, length, value as tshark shows it, a meaning). */
  function decode(b) {
    const layers = [];
    const layer = (key) => { const l = { key, fields: [] }; layers.push(l); return l; };
    const f = (l, key, tshark, off, len, show, meaning) => l.fields.push({ key, tshark, off, len, show: String(show), meaning: meaning || "" });
    if (b.length < 14) return layers;
    const eth = layer("layer-eth");
    const dst = macAt(b, 0);
    f(eth, "f-eth-dst", "eth.dst", 0, 6, dst, dst === "ff:ff:ff:ff:ff:ff" ? L("m-broadcast") : "");
    f(eth, "f-eth-src", "eth.src", 6, 6, macAt(b, 6));
    const type = u16(b, 12);
    f(eth, "f-eth-type", "eth.type", 12, 2, hex2(type, 4), type === 0x0806 ? L("m-arp") : type === 0x0800 ? L("m-ipv4") : "");
    if (type === 0x0806 && b.length >= 42) {
      const a = layer("layer-arp"), o = 14;
      f(a, "f-arp-htype", "arp.hw.type", o, 2, u16(b, o));
      f(a, "f-arp-ptype", "arp.proto.type", o + 2, 2, hex2(u16(b, o + 2), 4));
      f(a, "f-arp-hlen", "arp.hw.size", o + 4, 1, b[o + 4]);
      f(a, "f-arp-plen", "arp.proto.size", o + 5, 1, b[o + 5]);
      const op = u16(b, o + 6);
      f(a, "f-arp-op", "arp.opcode", o + 6, 2, op, op === 1 ? L("m-request") : op === 2 ? L("m-reply") : "");
      f(a, "f-arp-sha", "arp.src.hw_mac", o + 8, 6, macAt(b, o + 8));
      f(a, "f-arp-spa", "arp.src.proto_ipv4", o + 14, 4, ipAt(b, o + 14));
      f(a, "f-arp-tha", "arp.dst.hw_mac", o + 18, 6, macAt(b, o + 18));
      f(a, "f-arp-tpa", "arp.dst.proto_ipv4", o + 24, 4, ipAt(b, o + 24));
      return layers;
    }
    if (type !== 0x0800 || b.length < 34) return layers;
    const ip = layer("layer-ipv4"), o = 14;
    const ihl = (b[o] & 15) * 4;
    f(ip, "f-ip-version", "ip.version", o, 1, b[o] >> 4);
    f(ip, "f-ip-ihl", "ip.hdr_len", o, 1, ihl);
    f(ip, "f-ip-dscp", "ip.dsfield", o + 1, 1, hex2(b[o + 1], 2));
    f(ip, "f-ip-len", "ip.len", o + 2, 2, u16(b, o + 2));
    f(ip, "f-ip-id", "ip.id", o + 4, 2, hex2(u16(b, o + 4), 4));
    f(ip, "f-ip-flags", "ip.flags", o + 6, 1, hex2(b[o + 6] >> 5, 2), b[o + 6] & 0x40 ? "DF" : "");
    f(ip, "f-ip-ttl", "ip.ttl", o + 8, 1, b[o + 8], L("m-ttl"));
    const proto = b[o + 9];
    f(ip, "f-ip-proto", "ip.proto", o + 9, 1, proto, proto === 1 ? L("m-icmp") : proto === 6 ? L("m-tcp") : proto === 17 ? L("m-udp") : "");
    f(ip, "f-ip-checksum", "ip.checksum", o + 10, 2, hex2(u16(b, o + 10), 4), L("m-checksum"));
    f(ip, "f-ip-src", "ip.src", o + 12, 4, ipAt(b, o + 12));
    f(ip, "f-ip-dst", "ip.dst", o + 16, 4, ipAt(b, o + 16));
    const t = o + ihl, end = Math.min(b.length, o + u16(b, o + 2));
    let data = -1;
    if (proto === 1 && end - t >= 4) {
      const ic = layer("layer-icmp");
      const ty = b[t], code = b[t + 1];
      const m = ty === 8 ? L("m-echo-request") : ty === 0 ? L("m-echo-reply") : ty === 3 ? L("m-unreachable") : ty === 11 ? L("m-time-exceeded") : "";
      f(ic, "f-icmp-type", "icmp.type", t, 1, ty, m);
      f(ic, "f-icmp-code", "icmp.code", t + 1, 1, code);
      f(ic, "f-icmp-checksum", "icmp.checksum", t + 2, 2, hex2(u16(b, t + 2), 4), L("m-checksum"));
      if ((ty === 8 || ty === 0) && end - t >= 8) {
        f(ic, "f-icmp-id", "icmp.ident", t + 4, 2, u16(b, t + 4));
        f(ic, "f-icmp-seq", "icmp.seq", t + 6, 2, u16(b, t + 6));
        data = t + 8;
      }
    } else if (proto === 6 && end - t >= 20) {
      const tc = layer("layer-tcp");
      const hl = (b[t + 12] >> 4) * 4;
      f(tc, "f-tcp-srcport", "tcp.srcport", t, 2, u16(b, t));
      f(tc, "f-tcp-dstport", "tcp.dstport", t + 2, 2, u16(b, t + 2));
      f(tc, "f-tcp-seq", "tcp.seq_raw", t + 4, 4, u32(b, t + 4));
      f(tc, "f-tcp-ack", "tcp.ack_raw", t + 8, 4, u32(b, t + 8));
      f(tc, "f-tcp-hlen", "tcp.hdr_len", t + 12, 1, hl);
      const flags = u16(b, t + 12) & 0x0fff;
      const names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"].filter((n, k) => flags & (1 << k));
      f(tc, "f-tcp-flags", "tcp.flags", t + 12, 2, hex2(flags, 4), names.join("+"));
      f(tc, "f-tcp-window", "tcp.window_size_value", t + 14, 2, u16(b, t + 14));
      f(tc, "f-tcp-checksum", "tcp.checksum", t + 16, 2, hex2(u16(b, t + 16), 4), L("m-checksum"));
      f(tc, "f-tcp-urgent", "tcp.urgent_pointer", t + 18, 2, u16(b, t + 18));
      for (let k = t + 20; k < t + hl && k < end; ) {
        const kind = b[k];
        if (kind === 0) break;
        if (kind === 1) { k++; continue; }
        const len = b[k + 1] || 2;
        if (kind === 2 && len === 4) f(tc, "f-tcp-mss", "tcp.options.mss_val", k + 2, 2, u16(b, k + 2), L("m-mss"));
        k += len;
      }
      data = t + hl;
    } else if (proto === 17 && end - t >= 8) {
      const ud = layer("layer-udp");
      f(ud, "f-udp-srcport", "udp.srcport", t, 2, u16(b, t));
      f(ud, "f-udp-dstport", "udp.dstport", t + 2, 2, u16(b, t + 2));
      f(ud, "f-udp-len", "udp.length", t + 4, 2, u16(b, t + 4));
      f(ud, "f-udp-checksum", "udp.checksum", t + 6, 2, hex2(u16(b, t + 6), 4), L("m-checksum"));
      data = t + 8;
    }
    if (data >= 0 && data < end) {
      const d = layer("layer-data");
      const text = b.slice(data, end).map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : ".")).join("");
      f(d, "f-data", "data", data, end - data, JSON.stringify(text));
    }
    return layers;
  }
  const bytesOf = (n) => {
    const h = P.bytes[String(n)];
    if (!h) return null;
    const out = new Array(h.length / 2);
    for (let k = 0; k < out.length; k++) out[k] = parseInt(h.substr(2 * k, 2), 16);
    return out;
  };
  function drawFrame() {
    const e = events[step];
    const frame = $("frame");
    const b = e && e.frame ? bytesOf(e.frame.number) : null;
    frame.dataset.frame = e && e.frame ? String(e.frame.number) : "";
    if (!b) {
      $("h-frame").textContent = L("frame");
      $("decode").innerHTML = `<p>${esc(L("frame-none"))}</p>`;
      $("hex").textContent = "";
      $("hex-hint").textContent = "";
      return;
    }
    $("h-frame").textContent = `${L("frame")} ${fill(L("frame-number"), { n: e.frame.number, len: b.length })}`;
    const parts = [];
    for (const l of decode(b)) {
      parts.push(`<details open><summary>${esc(L(l.key))}</summary><ul>`);
      for (const x of l.fields) {
        const pressed = selected && selected.tshark === x.tshark ? "true" : "false";
        parts.push(`<li><button type="button" class="field" aria-pressed="${pressed}" data-tshark="${esc(x.tshark)}" data-off="${x.off}" data-len="${x.len}" data-value="${esc(x.show)}">` +
          `${esc(L(x.key))}${esc(L("colon"))}<span class="v">${esc(x.show)}</span>${x.meaning ? ` <span class="m">(${esc(x.meaning)})</span>` : ""}</button></li>`);
      }
      parts.push("</ul></details>");
    }
    $("decode").innerHTML = parts.join("");
    const rows = [];
    for (let r = 0; r < b.length; r += 16) {
      const hexes = [], chars = [];
      for (let k = r; k < Math.min(r + 16, b.length); k++) {
        hexes.push(`<span class="b" data-i="${k}">${b[k].toString(16).padStart(2, "0")}</span>`);
        const c = b[k] >= 32 && b[k] < 127 ? String.fromCharCode(b[k]) : ".";
        chars.push(`<span class="c" data-i="${k}">${esc(c)}</span>`);
      }
      rows.push(`<span class="off">${r.toString(16).padStart(4, "0")}</span>  ${hexes.join(" ")}${"   ".repeat(16 - hexes.length)}  ${chars.join("")}`);
    }
    $("hex").innerHTML = rows.join("\n");
    $("hex-hint").textContent = L("bytes-hint");
    highlight();
  }
  function highlight() {
    document.querySelectorAll("#hex .hl").forEach((x) => x.classList.remove("hl"));
    if (!selected) return;
    const btn = document.querySelector(`#decode .field[data-tshark="${selected.tshark}"]`);
    if (!btn) return;
    const off = +btn.dataset.off, len = +btn.dataset.len;
    document.querySelectorAll("#hex [data-i]").forEach((x) => {
      const i = +x.dataset.i;
      if (i >= off && i < off + len) x.classList.add("hl");
    });
  }
  $("decode").addEventListener("click", (ev) => {
    const btn = ev.target.closest(".field");
    if (!btn) return;
    selected = selected && selected.tshark === btn.dataset.tshark ? null : { tshark: btn.dataset.tshark };
    document.querySelectorAll("#decode .field").forEach((x) => x.setAttribute("aria-pressed", selected && x.dataset.tshark === selected.tshark ? "true" : "false"));
    highlight();
  });

  // ---- The ladder: one exchange's frames between two time lines ---------------------------
  // An exchange is a TCP connection, a UDP client's datagrams to a server, or a ping: the
  // ladders `--ladder` draws, as the page's data gives them (`ladders`: the events of each
  // one's arrows and of the words beside its lines, the routers between its two ends). The
  // page only draws them, in its own language.
  const ladders = P.ladders || [];
  /** Every arrow's event index, in order, and the index of its ladder. */
  const arrows = [], arrowKeys = [];
  {
    const all = [];
    ladders.forEach((x, k) => x.rows.forEach((r) => { if (!r.side) all.push([r.i, k]); }));
    all.sort((a, b) => a[0] - b[0]);
    all.forEach(([i, k]) => { arrows.push(i); arrowKeys.push(k); });
  }
  /** What an arrow says, in the page's language. */
  const arrowLabel = (p) => {
    switch (p.type) {
      case "tcp": return `${p.flags} seq=${p.seq} ack=${p.ack} len=${p.len}`;
      case "udp": return `UDP len=${p.len}`;
      case "icmp-error": {
        // Named as the kinds the simulator sends; another by its numbers.
        const name = { "3/0": "net", "3/1": "host", "3/3": "port", "11/0": "ttl" }[`${p.icmp_type}/${p.code}`];
        return name ? L(`ladder-icmp-${name}`) : fill(L("ladder-icmp-other"), { icmp_type: p.icmp_type, code: p.code });
      }
      case "arp-request": return fill(L("ladder-arp-request"), { target: p.target_ip });
      case "arp-reply": return fill(L("ladder-arp-reply"), { sender: p.sender_ip, mac: p.sender_mac });
      case "echo": return fill(L(p.request ? "ladder-echo-request" : "ladder-echo-reply"), { seq: p.seq, ttl: p.ttl });
      default: return p.type;
    }
  };
  let ladderKey = null;
  /** The ladder's width: 760 for two time lines 380 apart; with routers between them, 300
   *  apart (one gap more for each). */
  const LW = 760;
  let ladderW = LW;
  /** How wide a line beside a time line may be, in characters (a Chinese one counts two). */
  const SIDE = 26;
  /** Words beside a time line, in up to three lines, broken after a space where one is near
   *  (the lines together are the words, but for a cut end: the tooltip has them whole). */
  const sideLines = (what) => {
    const lines = [];
    let rest = what;
    while (rest && lines.length < 3) {
      let w = 0, n = 0, space = -1;
      for (const ch of rest) {
        const cw = ch.codePointAt(0) >= 0x2e80 ? 2 : 1;
        if (w + cw > SIDE) break;
        w += cw;
        n += ch.length;
        if (ch === " ") space = n;
      }
      const cut = n < rest.length && space > n / 2 ? space : n;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (rest) lines[2] = lines[2].slice(0, -1) + "\u2026";
    return lines;
  };
  /** The index into `arrows` of the last arrow at or before step i, by bisection. */
  const lastArrow = (i) => {
    let lo = 0, hi = arrows.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (arrows[mid] <= i) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  function drawLadder(view) {
    const svg = $("ladder");
    if (!arrows.length) {
      if (ladderKey === "") return;
      ladderKey = "";
      svg.innerHTML = "";
      $("h-ladder").textContent = L("ladder");
      ladderW = LW;
      svg.setAttribute("viewBox", `0 0 ${LW} 40`);
      const t = el("text", { x: 20, y: 25 }, svg);
      t.textContent = L("ladder-none");
      return;
    }
    // The exchange of this step's arrow, else of the last one before it, else the first.
    const k = lastArrow(step);
    const key = arrowKeys[k < 0 ? 0 : k];
    if (key !== ladderKey) buildLadder(key);
    svg.querySelectorAll(".arrow, .call, .state").forEach((a) => {
      const i = +a.dataset.i;
      a.classList.toggle("current", i === step);
      a.classList.toggle("future", i > step);
    });
    // Keep the current arrow in view, from the sizes read before this step's changes.
    const cur = svg.querySelector(".arrow.current");
    if (cur && view) {
      const scale = view.w / ladderW, y = +cur.dataset.y * scale;
      if (y < view.top || y + 40 * scale > view.top + view.h) $("ladder-wrap").scrollTop = Math.max(0, y - view.h / 3);
    }
  }
  function buildLadder(key) {
    ladderKey = key;
    const svg = $("ladder");
    svg.innerHTML = "";
    const x = ladders[key];
    const sName = x.snode == null ? "?" : nodeName(x.snode);
    let heads;
    if (x.kind === "ping") {
      const [from, to] = [nodeName(x.cnode), x.everyone ? L(`ladder-${x.everyone}`) : sName];
      $("h-ladder").textContent = `${L("ladder")}${L("colon")}${fill(L("ladder-ping"), { n: x.number, src: x.client, from, dst: x.server, to })}`;
      heads = [`${from} ${x.client}`, `${to} ${x.server}`];
    } else {
      const proto = x.kind.toUpperCase();
      // Two sockets that connected to each other (a simultaneous open): neither is the server.
      const of = fill(L(x.both ? "ladder-both" : "ladder-of"), { client: x.client, server: x.server });
      $("h-ladder").textContent = `${L("ladder")}${L("colon")}${proto} ${of}`;
      heads = x.both ? [`${nodeName(x.cnode)} ${x.client}`, `${sName} ${x.server}`] : [`${L("client")} ${nodeName(x.cnode)} ${x.client}`, `${L("server")} ${sName} ${x.server}`];
    }
    const rows = x.rows;
    // The routers between the two ends, each a time line of its own.
    const routers = x.routers;
    const gap = routers.length ? 300 : 380;
    const X1 = 190, X2 = X1 + gap * (routers.length + 1), top = 50;
    ladderW = X2 + 190;
    /** A node's time line: the client's, a router's, else the server's. */
    const lineX = (n) => (n === x.cnode ? X1 : routers.includes(n) ? X1 + gap * (routers.indexOf(n) + 1) : X2);
    let y = top;
    const defs = el("defs", {}, svg);
    const m = el("marker", { id: "ladder-head", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8250df" }, m);
    const lines = el("g", {}, svg);
    const g = el("g", {}, svg);
    [X1, X2].forEach((xh, h) => {
      const t = el("text", { x: xh, y: 22, "text-anchor": "middle" }, g);
      t.textContent = heads[h];
    });
    routers.forEach((n) => {
      el("text", { x: lineX(n), y: 22, "text-anchor": "middle" }, g).textContent = nodeName(n);
    });
    for (const r of rows) {
      const e = events[r.i];
      if (!r.side) {
        const lost = r.lost;
        const a = el("g", { class: lost == null ? "arrow" : "arrow lost", "data-frame": e.frame.number, "data-i": r.i, "data-y": y }, g);
        const [xa, xb] = [lineX(r.from), lineX(r.to)];
        if (lost == null) {
          el("line", { x1: xa, y1: y, x2: xb, y2: y + 26, "marker-end": "url(#ladder-head)" }, a);
        } else {
          // Lost on the way: the arrow stops half-way, at a cross.
          const xm = (xa + xb) / 2;
          el("line", { x1: xa, y1: y, x2: xm, y2: y + 13 }, a);
          const cross = el("text", { class: "cross", x: xm, y: y + 13, "text-anchor": "middle", "dominant-baseline": "central" }, a);
          cross.textContent = "\u2715";
        }
        // Above the line (and a lost one's cross, under its middle).
        const label = el("text", { x: (xa + xb) / 2, y: lost == null ? y + 8 : y + 1, "text-anchor": "middle" }, a);
        // Across routers, a segment's TTL too (one less past each).
        const ttl = routers.length && ["tcp", "udp", "icmp-error"].includes(e.frame.packet.type) ? ` ttl=${e.frame.packet.ttl}` : "";
        label.textContent = arrowLabel(e.frame.packet) + ttl;
        const title = el("title", {}, a);
        title.textContent = `#${e.frame.number} ${words(r.i)[1]}` + (lost == null ? "" : `\n${words(lost)[2]}`);
        y += 40;
      } else {
        // A state change by its new state; a call or a timer in words, cut short to fit beside
        // its line (whole in its tooltip).
        const state = e.kind === "tcp-state";
        const s = el("g", { class: state ? "state" : "call", "data-i": r.i }, g);
        const t = el("text", { x: r.client ? X1 - 8 : X2 + 8, y: y + 4, "text-anchor": r.client ? "end" : "start" }, s);
        const what = r.host == null ? words(r.i)[1] : fill(L("ladder-host-said"), { host: nodeName(r.host), what: words(r.i)[1] });
        const lines = state ? [e.to] : sideLines(what);
        lines.forEach((line, k) => {
          el("tspan", { x: r.client ? X1 - 8 : X2 + 8, dy: k ? 14 : 0 }, t).textContent = line.trimEnd();
        });
        el("title", {}, s).textContent = what;
        y += 18 + 14 * (lines.length - 1);
      }
    }
    [X1, ...routers.map(lineX), X2].forEach((xl) => el("line", { class: "lifeline", x1: xl, y1: 32, x2: xl, y2: y + 10 }, lines));
    svg.setAttribute("viewBox", `0 0 ${ladderW} ${y + 20}`);
  }

  // ---- The event list and the current event ---------------------------------------------
  // The event list shows only the rows in view (a run can have 100,000 events): rows of one
  // fixed height inside a spacer as tall as all of them, redrawn as the list scrolls.
  const ROW = 26;
  let drawnFrom = -1, drawnTo = -1;
  function drawList() {
    const list = $("events");
    list.style.height = `${N * ROW}px`;
    drawnFrom = drawnTo = -1;
    drawRows();
  }
  function drawRows(view) {
    const box = $("list-box");
    const { top, h } = view || { top: box.scrollTop, h: box.clientHeight };
    const from = Math.max(0, Math.floor(top / ROW) - 10);
    const to = Math.min(N, from + Math.ceil((h || 400) / ROW) + 20);
    if (from === drawnFrom && to === drawnTo) return;
    drawnFrom = from;
    drawnTo = to;
    const parts = [];
    for (let i = from; i < to; i++) {
      const [at, what] = words(i);
      const cls = i === step ? ' class="current" aria-current="step"' : i > step ? ' class="future"' : "";
      parts.push(`<li data-i="${i}" style="top:${i * ROW}px"${cls}><span class="n">${i + 1}.</span><span class="t">${events[i].time.toFixed(6)}</span>${esc(at)}${esc(L("colon"))}${esc(what)}</li>`);
    }
    $("events").innerHTML = parts.join("");
  }
  function drawCurrent(view) {
    const box = $("list-box");
    const top = step * ROW, h = view.h || 400;
    let scroll = view.top;
    if (top < scroll || top > scroll + h - ROW) {
      scroll = Math.max(0, top - h / 3);
      box.scrollTop = scroll;
    }
    drawnFrom = -1;
    drawRows({ top: scroll, h });
    const cur = $("current");
    if (!N) { cur.textContent = L("frame-none"); return; }
    const [at, what, why] = words(step);
    cur.innerHTML = `<div><span class="t">${esc(L("time"))} ${events[step].time.toFixed(6)} s</span> · <span>${esc(L("at"))} ${esc(at)}</span></div>` +
      `<div class="what">${esc(what)}</div>` + (why ? `<div class="why">${esc(L("reason"))}${esc(L("colon"))}${esc(why)}</div>` : "");
  }
  function drawCounter() {
    $("counter").textContent = fill(L("counter"), { n: N ? step + 1 : 0, total: N });
  }
  function go(i) {
    step = Math.max(0, Math.min(N - 1, i));
    // Every size this step needs is read first, in one layout; then the page is changed.
    const box = $("list-box"), wrap = $("ladder-wrap");
    const listView = { top: box.scrollTop, h: box.clientHeight };
    const ladderView = { top: wrap.scrollTop, h: wrap.clientHeight, w: $("ladder").clientWidth || LW };
    drawCounter();
    drawCurrent(listView);
    if (N) showOnTopology(events[step]);
    drawFrame();
    drawTables();
    drawLadder(ladderView);
  }
  function labels() {
    document.documentElement.lang = lang;
    const title = P.titles[lang] || P.titles.en;
    document.title = "netcalc: " + title;
    $("title").textContent = title;
    for (const k of ["first", "back", "forward", "last"]) $(k).textContent = L(k);
    $("play").textContent = timer ? L("pause") : L("play");
    $("keys").textContent = L("keys");
    $("h-topology").textContent = L("topology");
    $("h-event").textContent = L("event");
    $("h-tables").textContent = L("tables");
    $("h-events").textContent = L("events");
    $("topology").setAttribute("aria-label", L("topology"));
    $("ladder").setAttribute("aria-label", L("ladder"));
    $("controls").setAttribute("aria-label", L("counter").replace(/\$\w+/g, "").replace(/\s+/g, " ").trim());
    $("langs").setAttribute("aria-label", L("language"));
    $("lang-en").setAttribute("aria-pressed", lang === "en" ? "true" : "false");
    $("lang-zh").setAttribute("aria-pressed", lang === "zh" ? "true" : "false");
  }
  function setLang(l) {
    lang = l;
    labels();
    drawList();
    ladderKey = null;
    go(step);
  }
  function play() {
    if (timer) { clearInterval(timer); timer = null; }
    else {
      if (step >= N - 1) go(0);
      timer = setInterval(() => { if (step >= N - 1) play(); else go(step + 1); }, 700);
    }
    $("play").setAttribute("aria-pressed", timer ? "true" : "false");
    $("play").textContent = timer ? L("pause") : L("play");
  }
  $("first").addEventListener("click", () => go(0));
  $("back").addEventListener("click", () => go(step - 1));
  $("forward").addEventListener("click", () => go(step + 1));
  $("last").addEventListener("click", () => go(N - 1));
  $("play").addEventListener("click", play);
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("lang-zh").addEventListener("click", () => setLang("zh"));
  $("list-box").addEventListener("scroll", () => drawRows(), { passive: true });
  $("events").addEventListener("click", (ev) => {
    const li = ev.target.closest("li");
    if (li) go(+li.dataset.i);
  });
  $("ladder").addEventListener("click", (ev) => {
    const a = ev.target.closest(".arrow");
    if (a) go(+a.dataset.i);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const onButton = ev.target && ev.target.tagName === "BUTTON";
    if (ev.key === "ArrowRight") { go(step + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft") { go(step - 1); ev.preventDefault(); }
    else if (ev.key === "Home") { go(0); ev.preventDefault(); }
    else if (ev.key === "End") { go(N - 1); ev.preventDefault(); }
    else if (ev.key === " " && !onButton) { play(); ev.preventDefault(); }
  });

  drawTopology();
  labels();
  drawList();
  // `page.html#step=12` opens at step 12 (a teacher can link to it).
  const linked = /^#step=(\d+)$/.exec(location.hash);
  go(linked ? +linked[1] - 1 : 0);
  // For measurements (bench/page.sh): #bench steps through every event and says how long it took.
  if (location.hash === "#bench") {
    const t0 = performance.now();
    // One layout a step, as a browser does between two key presses.
    for (let i = 1; i < N; i++) {
      go(i);
      void document.body.offsetHeight;
    }
    const out = document.createElement("pre");
    out.id = "bench";
    out.textContent = `events ${N} stepped_ms ${(performance.now() - t0).toFixed(1)} load_ms ${t0.toFixed(1)}`;
    document.body.appendChild(out);
  }
  window.netcalcPage = { go, step: () => step, setLang, decode: (n) => decode(bytesOf(n) || []) };
})();
