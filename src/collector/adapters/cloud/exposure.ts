import { int, isObject, type Json, objects, text, texts } from "./values.ts"

/** Ports whose exposure to the internet is an open door: SSH and RDP. */
export const adminPorts: ReadonlyArray<number> = [22, 3389]

export type Exposure = "admin_ports" | "open" | "none"

const openAddresses = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0"])
const isOpen = (address: string) => openAddresses.has(address.trim().toLowerCase())

interface PortRange {
  readonly from: number
  readonly to: number
}
const allPorts: PortRange = { from: 0, to: 65535 }

const worst = (ranges: ReadonlyArray<PortRange>): Exposure =>
  ranges.length === 0
    ? "none"
    : ranges.some((r) => adminPorts.some((p) => p >= r.from && p <= r.to))
    ? "admin_ports"
    : "open"

const allProtocols = (protocol: string | undefined) => protocol === "-1" || protocol === "all"

/** "22", "1000-2000", "*" (Azure and GCP port notation); an empty list means every port. */
const parsePorts = (ports: ReadonlyArray<string>): ReadonlyArray<PortRange> =>
  ports.length === 0 ? [allPorts] : ports.map((p) => {
    if (p.trim() === "*") return allPorts
    const [a, b] = p.split("-")
    const from = int(a) ?? 0
    return { from, to: int(b) ?? from }
  })

// AWS: aws_security_group.ingress[] and aws_security_group_rule share these field names.
const awsRule = (r: Json): ReadonlyArray<PortRange> => {
  const sources = [...texts(r.cidr_blocks), ...texts(r.ipv6_cidr_blocks), text(r.cidr_ipv4), text(r.cidr_ipv6)]
  if (!sources.some((s) => s !== undefined && isOpen(s))) return []
  const protocol = text(r.protocol) ?? text(r.ip_protocol)
  if (allProtocols(protocol)) return [allPorts]
  const from = int(r.from_port) ?? 0
  return [{ from, to: int(r.to_port) ?? from }]
}

const gcpFirewall = (r: Json): ReadonlyArray<PortRange> => {
  const ingress = (text(r.direction) ?? "INGRESS").toUpperCase() === "INGRESS"
  if (!ingress || !texts(r.source_ranges).some(isOpen)) return []
  return objects(r.allow).flatMap((a) => allProtocols(text(a.protocol)) ? [allPorts] : parsePorts(texts(a.ports)))
}

const azureRule = (r: Json): ReadonlyArray<PortRange> => {
  const inbound = (text(r.direction) ?? "").toLowerCase() === "inbound"
  const allow = (text(r.access) ?? "").toLowerCase() === "allow"
  const sources = [text(r.source_address_prefix), ...texts(r.source_address_prefixes)]
  if (!inbound || !allow || !sources.some((s) => s !== undefined && isOpen(s))) return []
  const ports = [text(r.destination_port_range), ...texts(r.destination_port_ranges)].flatMap((p) =>
    p === undefined ? [] : [p]
  )
  return parsePorts(ports)
}

/**
 * Ingress from anywhere (0.0.0.0/0, ::/0, Azure `*` / `Internet`) in a resource's planned
 * `after` state, and whether it reaches SSH or RDP.
 */
export const internetIngress = (type: string, after: unknown): Exposure => {
  if (!isObject(after)) return "none"
  switch (type) {
    case "aws_security_group":
      return worst(objects(after.ingress).flatMap(awsRule))
    case "aws_security_group_rule":
      return text(after.type) === "ingress" ? worst(awsRule(after)) : "none"
    case "aws_vpc_security_group_ingress_rule":
      return worst(awsRule(after))
    case "google_compute_firewall":
      return worst(gcpFirewall(after))
    case "azurerm_network_security_rule":
      return worst(azureRule(after))
    case "azurerm_network_security_group":
      return worst(objects(after.security_rule).flatMap(azureRule))
    default:
      return "none"
  }
}

const publicAcls = new Set(["public-read", "public-read-write", "authenticated-read"])
const publicMembers = new Set(["allUsers", "allAuthenticatedUsers"])
const blockFlags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

/** Storage readable by anyone according to the planned `after` state. */
export const publicStorage = (type: string, after: unknown): boolean => {
  if (!isObject(after)) return false
  switch (type) {
    case "aws_s3_bucket_public_access_block":
    case "aws_s3_account_public_access_block":
      return blockFlags.some((f) => after[f] === false)
    case "aws_s3_bucket":
    case "aws_s3_bucket_acl":
      return publicAcls.has(text(after.acl) ?? "")
    case "google_storage_bucket_iam_member":
    case "google_storage_bucket_access_control":
    case "google_storage_default_object_access_control":
      return publicMembers.has(text(after.member) ?? text(after.entity) ?? "")
    case "google_storage_bucket_iam_binding":
      return texts(after.members).some((m) => publicMembers.has(m))
    case "azurerm_storage_account":
      return after.allow_nested_items_to_be_public === true || after.allow_blob_public_access === true
    case "azurerm_storage_container":
      return ["blob", "container"].includes(text(after.container_access_type) ?? "")
    default:
      return false
  }
}
