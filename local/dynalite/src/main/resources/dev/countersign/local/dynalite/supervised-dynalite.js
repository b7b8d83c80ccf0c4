// Runs dynalite for a Java parent process (docs/local-runtime.md, "Local DynamoDB"):
//
// - exits when the parent's pipe closes (even after kill -9 of the parent), so no orphaned server keeps a port or a
//   LevelDB lock; but first it lets the requests already being served finish, so a write the parent started is
//   either whole or absent, never half-done;
// - writes each item together with its index entries in one LevelDB batch: dynalite 4.0.0 writes the index entries
//   first and the item after, as separate writes, so a process killed between them leaves an index (and a Query on
//   it) one version ahead of the item (GetItem), or an index entry with no item behind it;
// - with --sync, makes LevelDB force each such batch to the disk before answering (LevelDB's sync write option), so
//   an acknowledged write survives a power loss too; without it, each write still reaches the operating system
//   before the answer, which a killed process cannot undo;
// - refuses (421) a request whose Host is not a loopback name, as the Java servers do.
//
// usage: node supervised-dynalite.js <dynalite module directory> <port> [--path=<directory>] [--sync]
const path = require('path')
const [modulePath, portArg, ...flags] = process.argv.slice(2)
const dataPath = flags.filter((f) => f.startsWith('--path=')).map((f) => f.substring('--path='.length))[0]
const sync = flags.includes('--sync')

const dynalite = require(modulePath)
// The module dynalite's actions call at run time (the same instance: Node caches modules by file).
const db = require(path.join(modulePath, 'db'))

// Index entries of the item write that follows, by the item's full LevelDB key. The item write comes right after
// updateIndexes under dynalite's lock on that item's key, so no two entries for one key can be pending at once.
const pendingIndexWrites = new Map()

db.updateIndexes = function (store, table, existingItem, item, cb) {
  if (!existingItem && !item) return cb()
  const operations = []
  for (const indexType of [ 'Local', 'Global' ]) {
    const actions = db.getIndexActions(table[indexType + 'SecondaryIndexes'] || [], existingItem, item, table)
    const prefix = (index) => 'index-' + indexType.toLowerCase() + '~' + table.TableName + '~' + index + '~'
    for (const del of actions.deletes) operations.push({ type: 'del', key: prefix(del.index) + del.key })
    for (const put of actions.puts) operations.push({ type: 'put', key: prefix(put.index) + put.key, value: put.item })
  }
  pendingIndexWrites.set('item-' + table.TableName + '~' + db.createKey(item || existingItem, table), operations)
  cb()
}

const create = db.create
db.create = function (options) {
  const store = create(options)
  const level = store.db
  const writeOptions = { sync: sync }
  // The item write with its index entries, as one batch that is tracked like dynalite's own operations (a graceful
  // close waits for it).
  const withIndexes = (key, itemOperation, callback) => {
    const operations = pendingIndexWrites.get(key)
    pendingIndexWrites.delete(key)
    const batch = Object.getPrototypeOf(level).batch.call(level, operations.concat([ itemOperation ]), writeOptions)
    store.lifecycleManager.trackOperation(batch)
      .then(() => setImmediate(callback, null), (err) => setImmediate(callback, err))
  }
  const put = level.put
  level.put = function (key, value, callback) {
    if (!pendingIndexWrites.has(key) || typeof callback !== 'function') return put.apply(level, arguments)
    withIndexes(key, { type: 'put', key: key, value: value }, callback)
  }
  const del = level.del
  level.del = function (key, callback) {
    if (!pendingIndexWrites.has(key) || typeof callback !== 'function') return del.apply(level, arguments)
    withIndexes(key, { type: 'del', key: key }, callback)
  }
  return store
}

const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
if (dataPath) options.path = dataPath
const server = dynalite(options)
server.on('error', (err) => {
  console.error('dynalite-error ' + err.message)
  process.exit(3)
})
// Listening on 127.0.0.1 keeps other machines out, not other web sites: a page that points its own name at 127.0.0.1
// (DNS rebinding) could otherwise read and write the tables from the browser. Such a request still carries the
// page's name in Host; the SDK and the CLI send a loopback name. Same rule as the Java servers (LoopbackHostFilter).
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i
const serve = server.listeners('request')
server.removeAllListeners('request')
server.on('request', (req, res) => {
  if (loopbackHost.test(String(req.headers.host || '').trim())) {
    for (const listener of serve) listener.call(server, req, res)
    return
  }
  const body = JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#MisdirectedRequest',
    message: 'This local DynamoDB answers only requests addressed to 127.0.0.1, localhost or [::1].'
  })
  res.writeHead(421, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
})
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log('dynalite-listening ' + server.address().port)
})

// The parent is gone (or asks us to stop): finish the requests in flight, close LevelDB, exit. A guard ends it if
// something hangs; the writes were whole by then or never acknowledged.
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(0), 5000).unref()
  server.close(() => process.exit(0))
  server.closeIdleConnections()
}
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
