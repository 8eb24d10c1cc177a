import t from 'tap'
import { addressProblem, destinationProblem, guardedLookup } from '../../../src/modules/webhooks/destination.js'

t.test('only public unicast addresses are destinations', async (t) => {
  const refused = [
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '100.127.255.254',
    '0.0.0.0', '224.0.0.251', '239.255.255.250', '255.255.255.255', '192.0.0.8', '198.18.0.1', '240.0.0.1',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
    '64:ff9b::7f00:1', '2002:7f00:1::', '2001:0::1', '2001:db8::1',
    // IPv4-compatible (deprecated) and other IPv6 outside global unicast that ipaddr.js calls unicast.
    '::127.0.0.1', '::7f00:1', '::a00:1', '::10.0.0.1', '1::1', '4000::1', 'fec0::1'
  ]
  for (const address of refused) t.not(addressProblem(address), null, `${address} is refused`)
  // Said as a person would say it, after "resolves to" or "connect to".
  t.same(['10.0.0.1', '0.0.0.0', '100.64.0.1', 'fd12:3456::1', '::ffff:169.254.169.254', '1::1', '64:ff9b::7f00:1'].map(addressProblem), [
    '10.0.0.1, a private address', '0.0.0.0, an unspecified address', '100.64.0.1, a carrier-grade NAT address', 'fd12:3456::1, a unique local address',
    '::ffff:169.254.169.254, a link-local address', '1::1, an IPv6 address outside global unicast (2000::/3)', '64:ff9b::7f00:1, a NAT64 address'
  ])
  for (const address of ['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) t.equal(addressProblem(address), null, `${address} is public`)
})

t.test('a name is checked on every address it resolves to', async (t) => {
  const lookup = async (hostname: string) => ({
    'public.example': [{ address: '93.184.215.14', family: 4 }],
    'mixed.example': [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.7', family: 4 }],
    'metadata.example': [{ address: '169.254.169.254', family: 4 }]
  } as Record<string, Array<{ address: string, family: number }>>)[hostname] ?? Promise.reject(new Error('ENOTFOUND'))
  t.equal(await destinationProblem('https://public.example/hooks', { allowPrivate: false, lookup }), null)
  t.match(await destinationProblem('https://mixed.example/hooks', { allowPrivate: false, lookup }), /^names host "mixed\.example", which resolves to 10\.0\.0\.7, a private address$/)
  t.match(await destinationProblem('https://metadata.example/hooks', { allowPrivate: false, lookup }), /resolves to 169\.254\.169\.254, a link-local address$/)
  t.match(await destinationProblem('https://nowhere.example/hooks', { allowPrivate: false, lookup }), /does not resolve/)
  t.equal(await destinationProblem('http://127.0.0.1:3000/', { allowPrivate: true, lookup }), null, 'WEBHOOK_ALLOW_PRIVATE lets private destinations through')
  t.match(await destinationProblem('gopher://public.example/', { allowPrivate: true, lookup }), /http or https/, 'but never another scheme')
})

t.test('DNS rebinding: the connection-time lookup refuses a name that now resolves to a private address', async (t) => {
  let answer = '93.184.215.14'
  const lookup = guardedLookup(async () => [{ address: answer, family: 4 }])
  const resolve = async (options: { all?: boolean }) => new Promise<unknown>((resolve, reject) => {
    lookup('rebind.example', options as never, (error, address) => { if (error) reject(error); else resolve(address) })
  })
  t.equal(await resolve({}), '93.184.215.14', 'the checked address is the one connected to')
  t.same(await resolve({ all: true }), [{ address: '93.184.215.14', family: 4 }])
  answer = '127.0.0.1'
  await t.rejects(resolve({ all: true }), { name: 'ForbiddenDestinationError', message: /^refused to connect: host "rebind\.example" resolves to 127\.0\.0\.1, a loopback address$/ })
})
