// Runs dynalite for a Java parent process and exits when the parent's pipe closes (even after kill -9),
// so no orphaned server keeps a port or a LevelDB lock.
const [modulePath, portArg, dataPath] = process.argv.slice(2);
const dynalite = require(modulePath);
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (dataPath) options.path = dataPath;
const server = dynalite(options);
server.on('error', (err) => {
  console.error('dynalite-error ' + err.message);
  process.exit(3);
});
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log('dynalite-listening ' + server.address().port);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
