// Loaded with `node --require` (through NODE_OPTIONS) into the handler's process by the
// benchmarks; never shipped. At exit it writes the process's own peak RSS and CPU time to
// $BENCH_PROBE_FILE, read through getrusage(RUSAGE_SELF): maxRSS is the kernel's high-water
// mark (VmHWM) of the whole process, and the CPU time includes the threads that run gzip off
// the main thread. With $BENCH_CPU_PROFILE it also records a CPU profile of the main thread
// (what --cpu-prof does, which Node 18 does not accept in NODE_OPTIONS).
const fs = require('fs');

const file = process.env.BENCH_PROBE_FILE;
const profileFile = process.env.BENCH_CPU_PROFILE;
delete process.env.BENCH_PROBE_FILE;
delete process.env.BENCH_CPU_PROFILE;

let session;
if (profileFile) {
  const inspector = require('inspector');
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
}

// process.memoryUsage() every 200 ms: the peaks of the V8 heap and of Buffer memory, and
// the RSS over time (to tell a plateau from growth).
const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const timeline = [];
if (file) {
  const started = Date.now();
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peaks)) peaks[k] = Math.max(peaks[k], m[k]);
    timeline.push([Date.now() - started, m.rss, m.heapTotal, m.arrayBuffers]);
  };
  setInterval(sample, 200).unref();
}

if (file || session) {
  process.on('exit', () => {
    if (session) {
      // A session on the main thread answers synchronously, so this works inside 'exit'.
      session.post('Profiler.stop', (error, result) => {
        if (!error) fs.writeFileSync(profileFile, JSON.stringify(result.profile));
      });
      session.disconnect();
    }
    if (!file) return;
    const usage = process.resourceUsage();
    let vmHwmKiB = null;
    try {
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      vmHwmKiB = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    } catch {
      // Not Linux: maxRSS alone.
    }
    fs.writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        vmHwmKiB,
        userCpuMs: usage.userCPUTime / 1000,
        systemCpuMs: usage.systemCPUTime / 1000,
        uptimeMs: process.uptime() * 1000,
        peaks,
        timeline,
      }),
    );
  });
}
