const { MongoClient, ObjectId } = require('mongodb');
(async () => {
  const client = await MongoClient.connect('mongodb://127.0.0.1:'+(process.env.PORT||27027)+'/');
  const dbs = await client.db().admin().listDatabases();
  console.log(dbs.databases.map(d => d.name));
  const db = client.db(process.argv[2] || 'eider');
  const cols = [];
  for (const c of cols) console.log(c.name, await db.collection(c.name).estimatedDocumentCount());
  const msgs = db.collection('messages');
  const one = await msgs.findOne({}, { projection: { mailbox: 1, uid: 1, user: 1 } });
  console.log(one);
  console.log(JSON.stringify(await msgs.find({ mailbox: one.mailbox, uid: one.uid }).explain(), null, 1).slice(0, 1500));
  console.log(JSON.stringify(await msgs.find({ _id: one._id }).explain(), null, 1).slice(0, 800));
  console.log(await msgs.indexes());
  await client.close();
})();
