import ipaddr from 'ipaddr.js'

/**
 * The network a request came from, as the unit that throttles and logs treat as one place: an IPv4 address, or the
 * /64 prefix of an IPv6 address (one household or phone is given a whole /64, so single IPv6 addresses mean little).
 * An IPv4 address written as IPv6 (`::ffff:a.b.c.d`) counts as itself.
 */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'unknown'
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const groups = (parsed as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4)
  return `${groups.join(':')}::/64`
}
