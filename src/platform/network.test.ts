import assert from 'node:assert/strict'
import { test } from 'node:test'
import { networkOf } from './network.ts'

test('an IPv4 address is its own network, also when written as IPv6', () => {
  assert.equal(networkOf('203.0.113.9'), '203.0.113.9')
  assert.equal(networkOf('::ffff:203.0.113.9'), '203.0.113.9')
})

test('IPv6 addresses in one /64 are one network, however they are written', () => {
  assert.equal(networkOf('2001:db8:0:1::5'), '2001:db8:0:1::/64')
  assert.equal(networkOf('2001:0db8:0000:0001:ffff:1:2:3'), '2001:db8:0:1::/64')
  assert.notEqual(networkOf('2001:db8:0:2::5'), networkOf('2001:db8:0:1::5'))
})

test('anything else is one unknown network', () => assert.equal(networkOf('not an address'), 'unknown'))
