const { MongoClient } = require('mongodb');
(async () => {
  const client = await MongoClient.connect('mongodb://127.0.0.1:27027/');
  const db = client.db('eider');
  const msgs = db.collection('messages');
  const one = await msgs.findOne({}, { projection: { mailbox: 1, uid: 1 } });
  const plan = async (label, filter) => {
    const e = await msgs.find(filter).explain();
    const p = JSON.stringify(e.queryPlanner.Plan);
    const t = Date.now(); for (let i = 0; i < 5; i++) await msgs.find(filter).toArray();
    console.log(label, (Date.now() - t) / 5, 'ms', p.includes('Index') ? 'INDEX' : 'SEQ', e.filterPushdown);
  };
  await plan('mailbox+uid', { mailbox: one.mailbox, uid: one.uid });
  await plan('_id', { _id: one._id });
  await plan('mailbox+uidBlock', { mailbox: one.mailbox, uidBlock: 0 });
  await client.close();
})();
