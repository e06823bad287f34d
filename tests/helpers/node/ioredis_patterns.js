// ioredis against the server on the port given as argv[2]: scripts defined
// with defineCommand (EVALSHA with the EVAL fallback after SCRIPT FLUSH),
// Lua reply types, psubscribe, pipelines and MULTI.  Prints OK, or throws
// (the stack trace becomes the Tcl test's error).
'use strict';
const assert = require('assert');
const Redis = require('ioredis');

const port = Number(process.argv[2]);
const opts = { port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1 };

async function scripts(r) {
  r.defineCommand('setIfEqual', {
    numberOfKeys: 1,
    lua: `local cur = redis.call('GET', KEYS[1])
          if cur == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2]) end
          return cur`,
  });
  r.defineCommand('types', {
    numberOfKeys: 0,
    lua: `return {1, 'two', {3, 'four'}, redis.status_reply('FINE'), 3.99, false}`,
  });
  r.defineCommand('fails', { numberOfKeys: 0, lua: `return redis.error_reply('MYERR custom failure')` });
  await r.set('node:lock', 'a');
  assert.strictEqual(await r.setIfEqual('node:lock', 'a', 'b'), 'OK');
  assert.strictEqual(await r.setIfEqual('node:lock', 'a', 'c'), 'b');
  // After SCRIPT FLUSH the EVALSHA gets NOSCRIPT and ioredis resends with EVAL.
  assert.strictEqual(await r.script('FLUSH'), 'OK');
  assert.strictEqual(await r.setIfEqual('node:lock', 'b', 'c'), 'OK');
  assert.strictEqual(await r.get('node:lock'), 'c');
  // Floats are truncated, false ends the array (it becomes nil).
  assert.deepStrictEqual(await r.types(), [1, 'two', [3, 'four'], 'FINE', 3, null]);
  await assert.rejects(r.fails(), /MYERR custom failure/);
  // A script's write error comes back as a rejected promise.
  await r.set('node:str', 'x');
  await assert.rejects(r.eval("return redis.call('LPUSH', KEYS[1], 'v')", 1, 'node:str'), /WRONGTYPE/);
  // The same script object inside a pipeline and a transaction.
  const p = await r.pipeline().setIfEqual('node:lock', 'c', 'd').get('node:lock').exec();
  assert.deepStrictEqual(p, [[null, 'OK'], [null, 'd']]);
  const m = await r.multi().setIfEqual('node:lock', 'd', 'e').incr('node:n').exec();
  assert.deepStrictEqual(m, [[null, 'OK'], [null, 1]]);
}

async function psubscribe() {
  const sub = new Redis(opts);
  const pub = new Redis(opts);
  const got = [];
  const done = new Promise((resolve) => {
    sub.on('pmessage', (pattern, channel, message) => {
      got.push([pattern, channel, message]);
      if (message === 'last') resolve();
    });
  });
  assert.strictEqual(await sub.psubscribe('news.*', 'alerts.?'), 2);
  await pub.publish('news.tech', 'one');
  await pub.publish('weather', 'not delivered');
  await pub.publish('alerts.x', 'two');
  await pub.publish('alerts.xy', 'not delivered either');
  await pub.publish('news.end', 'last');
  await done;
  assert.deepStrictEqual(got, [['news.*', 'news.tech', 'one'], ['alerts.?', 'alerts.x', 'two'],
                               ['news.*', 'news.end', 'last']]);
  assert.deepStrictEqual(await pub.pubsub('NUMPAT'), 2);
  await sub.punsubscribe();
  sub.disconnect();
  pub.disconnect();
}

async function main() {
  const r = new Redis(opts);
  await r.flushall();
  await scripts(r);
  await psubscribe();
  r.disconnect();
  console.log('OK');
}

main().catch((e) => { console.error(e); process.exit(1); });
