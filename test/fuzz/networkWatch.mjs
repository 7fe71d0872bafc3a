// Preloaded into a server under test (`node --import`): reports on stderr every attempt to open a
// network connection or resolve a host name, so a test can assert there was none.
import dns from 'node:dns';
import net from 'node:net';

function report(what, detail) {
  process.stderr.write(`network access attempted: ${what} ${JSON.stringify(detail)}\n`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const [target] = args;
  report('connect', typeof target === 'object' && target !== null ? (target.host ?? target.hostname ?? target.path) : target);
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  report('lookup', hostname);
  return lookup.call(this, hostname, ...rest);
};
