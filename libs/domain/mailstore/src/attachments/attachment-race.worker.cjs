// A separate process racing the others over the same contents: it runs the swc-built store and test
// driver (dist/, built by attachment-race.int.spec.ts), so the code under test is the real one.
'use strict';
const { join } = require('node:path');
const { MongoClient } = require('mongodb');

let client;
let run;

const fail = (error) => {
  process.send({ type: 'error', error: error instanceof Error ? error.stack : String(error) }, () =>
    process.exit(1),
  );
};

process.on('message', (message) => {
  if (message.type === 'setup') {
    const task = message.task;
    const { AttachmentStore } = require(join(task.distDir, 'attachment-store.service.js'));
    const { runRacer } = require(join(task.distDir, 'attachment-race.test-driver.js'));
    client = new MongoClient(task.uri, { maxPoolSize: 4 });
    client
      .connect()
      .then(() => {
        const store = new AttachmentStore(client.db(task.database), { keyUpdates: task.mode });
        const plan = {
          contents: task.contents.map((data) => Buffer.from(data, 'base64')),
          operations: task.operations,
          seed: task.seed,
          releaseAtEnd: task.releaseAtEnd,
        };
        run = () => runRacer(store, task.keys, plan);
        process.send({ type: 'ready' });
      })
      .catch(fail);
  } else if (message.type === 'go') {
    run()
      .then(async (report) => {
        await client.close();
        process.send({ type: 'report', report }, () => process.exit(0));
      })
      .catch(fail);
  }
});
