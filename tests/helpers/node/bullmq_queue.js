// A BullMQ queue against the server on the port given as argv[2]: 40 jobs
// processed by a worker of concurrency 4, some failing their first attempts
// and retried with backoff, one failing every attempt, some delayed, some
// prioritised.  Checks every job's outcome and attempt count, that delayed
// jobs were not processed before their delay, and that the queue ends empty.
// BullMQ runs nearly every operation as a Lua script (EVALSHA with
// cmsgpack-packed arguments), so this exercises scripting end to end.
'use strict';
const assert = require('assert');
const { Queue, Worker, QueueEvents } = require('bullmq');

const connection = { host: '127.0.0.1', port: Number(process.argv[2]), maxRetriesPerRequest: null };
const NAME = 'node-test-' + process.pid;

async function main() {
  const queue = new Queue(NAME, { connection });
  await queue.obliterate({ force: true });
  const events = new QueueEvents(NAME, { connection });
  await events.waitUntilReady();

  const jobs = [];
  for (let i = 0; i < 30; i++) {
    // failures: how many attempts fail before one succeeds
    jobs.push({ name: 'plain', data: { i, failures: i % 3 === 0 ? 1 : 0 },
                opts: { attempts: 3, backoff: { type: 'fixed', delay: 20 } } });
  }
  for (let i = 30; i < 35; i++) jobs.push({ name: 'delayed', data: { i, failures: 0 }, opts: { delay: 300 } });
  for (let i = 35; i < 39; i++) jobs.push({ name: 'urgent', data: { i, failures: 0 }, opts: { priority: 1 } });
  jobs.push({ name: 'doomed', data: { i: 39, failures: 99 },
              opts: { attempts: 2, backoff: { type: 'exponential', delay: 10 } } });
  const added = await queue.addBulk(jobs);
  assert.strictEqual(added.length, 40);

  const settled = new Map();
  const finished = new Promise((resolve) => {
    const note = (jobId, how) => {
      settled.set(jobId, how);
      if (settled.size === 40) resolve();
    };
    events.on('completed', ({ jobId }) => note(jobId, 'completed'));
    events.on('failed', ({ jobId }) => {
      // 'failed' is emitted for every failed attempt; only the last one settles the job.
      queue.getJob(jobId).then((j) => { if (j && j.finishedOn) note(jobId, 'failed'); });
    });
  });
  const worker = new Worker(NAME, async (job) => {
    if (job.attemptsMade < job.data.failures) throw new Error('planned failure ' + job.attemptsMade);
    return { doubled: job.data.i * 2 };
  }, { connection, concurrency: 4 });

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('jobs still pending after 60 s: ' + (40 - settled.size))), 60000);
  });
  await Promise.race([finished, timeout]);
  clearTimeout(timer);

  for (const j of added) {
    const job = await queue.getJob(j.id);
    if (j.name === 'doomed') {
      assert.strictEqual(await job.getState(), 'failed');
      assert.strictEqual(job.attemptsMade, 2);
      assert.match(job.failedReason, /planned failure 1/);
      continue;
    }
    assert.strictEqual(await job.getState(), 'completed', 'job ' + j.id);
    assert.deepStrictEqual(job.returnvalue, { doubled: job.data.i * 2 });
    assert.strictEqual(job.attemptsMade, job.data.failures + 1, 'attempts of job ' + j.id);
    if (j.name === 'delayed') assert.ok(job.processedOn >= job.timestamp + 300, 'delayed job ' + j.id + ' ran early');
  }
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  assert.deepStrictEqual(counts, { waiting: 0, active: 0, delayed: 0, completed: 39, failed: 1, prioritized: 0, paused: 0 });

  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  console.log('OK');
}

main().catch((e) => { console.error(e); process.exit(1); });
