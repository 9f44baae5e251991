// A minimal writer of MaxMind DB files (https://maxmind.github.io/MaxMind-DB/),
// IPv4 only, 24-bit records: enough to test the portal's GeoIP reader on a
// database of our own instead of shipping a real one.

type Value = string | number | Value[] | { [key: string]: Value };

function control(type: number, size: number): Buffer {
  const head = (t: number, s: number) => (t <= 7 ? [(t << 5) | s] : [s, t - 7]);
  if (size < 29) return Buffer.from(head(type, size));
  if (size < 29 + 256) return Buffer.from([...head(type, 29), size - 29]);
  return Buffer.from([...head(type, 30), (size - 285) >> 8, (size - 285) & 0xff]);
}

function encode(value: Value): Buffer {
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === "number") {
    const bytes: number[] = [];
    for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    // uint32 (type 6), or uint64 (type 9) beyond it.
    return Buffer.concat([control(bytes.length > 4 ? 9 : 6, bytes.length), Buffer.from(bytes)]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

type Record = number | { data: number } | null;

/** The bytes of a database that maps each IPv4 network ("203.0.113.0/24") to its record. */
export function mmdbFile(networks: { network: string; data: Value }[], databaseType = "GeoLite2-City"): Buffer {
  const nodes: [Record, Record][] = [[null, null]];
  const data: Buffer[] = [];
  let dataSize = 0;
  for (const { network, data: record } of networks) {
    const [address, bitsText] = network.split("/");
    const bits = Number(bitsText);
    const value = address!.split(".").reduce((n, part) => n * 256 + Number(part), 0);
    const encoded = encode(record);
    const offset = dataSize;
    data.push(encoded);
    dataSize += encoded.length;
    let node = 0;
    for (let depth = 0; depth < bits; depth++) {
      const bit = Math.floor(value / 2 ** (31 - depth)) % 2;
      if (depth === bits - 1) {
        nodes[node]![bit] = { data: offset };
        break;
      }
      const next = nodes[node]![bit];
      if (typeof next === "number") node = next;
      else {
        nodes.push([null, null]);
        nodes[node]![bit] = nodes.length - 1;
        node = nodes.length - 1;
      }
    }
  }
  const nodeCount = nodes.length;
  const recordValue = (r: Record) => (r === null ? nodeCount : typeof r === "number" ? r : nodeCount + 16 + r.data);
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(recordValue(left), i * 6, 3);
    tree.writeUIntBE(recordValue(right), i * 6 + 3, 3);
  });
  const metadata = encode({
    node_count: nodeCount,
    record_size: 24,
    ip_version: 4,
    database_type: databaseType,
    languages: ["en"],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_764_000_000,
    description: { en: "Staff Portal test database" },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from("ABCDEF4D61784D696E642E636F6D", "hex"), metadata]);
}
