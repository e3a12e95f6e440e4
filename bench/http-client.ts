import { connect, type Socket } from 'node:net';

/**
 * A minimal keep-alive HTTP/1.1 client over raw sockets, one request in flight per connection
 * (no pipelining). Node's fetch tops out near 4k req/s on one core and node:http near 20k, which
 * would make the bare-Hono baseline measure the client; this one is cheap enough not to.
 * It understands only what our two servers answer: a status line, headers, Content-Length
 * (or a chunked body, read to its last chunk).
 */

export interface Reply {
  status: number;
  /** Milliseconds from request() to the last byte of the answer, queueing included. */
  ms: number;
}

interface Job {
  head: Buffer;
  body: Buffer;
  queuedAt: number;
  resolve(r: Reply): void;
  reject(e: Error): void;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

class Connection {
  private socket: Socket;
  private buf: Buffer = Buffer.alloc(0);
  job: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  dead = false;

  constructor(
    host: string,
    port: number,
    private timeoutMs: number,
    private onIdle: (c: Connection) => void,
    private onDead: (c: Connection) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (d) => this.data(d));
    this.socket.on('error', () => this.fail('socket error'));
    this.socket.on('close', () => this.fail('connection closed'));
  }

  send(job: Job): void {
    this.job = job;
    this.buf = Buffer.alloc(0);
    this.timer = setTimeout(
      () => this.fail(`no answer within ${this.timeoutMs} ms`),
      this.timeoutMs,
    );
    this.socket.write(job.body.length ? Buffer.concat([job.head, job.body]) : job.head);
  }

  destroy(): void {
    this.dead = true;
    this.socket.destroy();
  }

  private fail(reason: string): void {
    const job = this.job;
    this.job = null;
    if (this.timer) clearTimeout(this.timer);
    if (!this.dead) {
      this.dead = true;
      this.socket.destroy();
      this.onDead(this);
    }
    job?.reject(new Error(reason));
  }

  private data(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const end = this.buf.indexOf(CRLF2);
    if (end < 0 || !this.job) return;
    const head = this.buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const m = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    const bodyStart = end + 4;
    if (m) {
      if (this.buf.length < bodyStart + Number(m[1])) return;
    } else if (lower.includes('transfer-encoding: chunked')) {
      if (this.buf.lastIndexOf(LAST_CHUNK) < bodyStart) return;
    }
    const job = this.job;
    this.job = null;
    if (this.timer) clearTimeout(this.timer);
    job.resolve({ status, ms: performance.now() - job.queuedAt });
    if (lower.includes('\r\nconnection: close')) this.fail('server closed');
    else this.onIdle(this);
  }
}

/** Up to `maxConnections` keep-alive connections; requests beyond wait in a queue. */
export class Pool {
  private idle: Connection[] = [];
  private all = new Set<Connection>();
  private queue: Job[] = [];
  private closed = false;

  constructor(
    private url: URL,
    private maxConnections: number,
    private timeoutMs = 10_000,
  ) {}

  get connections(): number {
    return this.all.size;
  }

  post(body: string, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = Buffer.from(body);
    let head = `POST ${this.url.pathname} HTTP/1.1\r\nHost: ${this.url.host}\r\nContent-Length: ${payload.length}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    return new Promise((resolve, reject) => {
      const job = {
        head: Buffer.from(head + '\r\n', 'latin1'),
        body: payload,
        queuedAt: performance.now(),
        resolve,
        reject,
      };
      if (this.closed) return reject(new Error('pool closed'));
      const conn = this.idle.pop();
      if (conn) conn.send(job);
      else {
        this.queue.push(job);
        if (this.all.size < this.maxConnections) this.open();
      }
    });
  }

  close(): void {
    this.closed = true;
    for (const c of this.all) c.destroy();
    this.all.clear();
    this.idle = [];
    for (const j of this.queue.splice(0)) j.reject(new Error('pool closed'));
  }

  private open(): void {
    const port = Number(this.url.port || 80);
    const conn = new Connection(
      this.url.hostname,
      port,
      this.timeoutMs,
      (c) => this.release(c),
      (c) => {
        this.all.delete(c);
        this.idle = this.idle.filter((x) => x !== c);
        if (!this.closed && this.queue.length && this.all.size < this.maxConnections) this.open();
      },
    );
    this.all.add(conn);
    this.release(conn);
  }

  private release(c: Connection): void {
    if (this.closed) return;
    const next = this.queue.shift();
    if (next) c.send(next);
    else this.idle.push(c);
  }
}
