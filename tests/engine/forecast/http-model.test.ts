import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelRegistry, forecastSeries } from "../../../src/server/engine/forecast/index.ts";
import { forecastWithHttpModel } from "../../../src/server/services/forecast-http-model.ts";

type WireRequest = { horizon: number; levels: number[]; series: { id: string; values: number[]; period: number; horizon: number }[] };

/** A real HTTP server on 127.0.0.1 whose behaviour depends on the path. */
let server: Server;
let base: string;
const received: { path: string; headers: IncomingMessage["headers"]; body: WireRequest }[] = [];

/** The "model": continues the line through the last two values, with ±1 and ±2 bounds. */
function lineForecasts(req: WireRequest) {
  return req.series.map((s) => {
    const n = s.values.length;
    const slope = s.values[n - 1]! - s.values[n - 2]!;
    const mean = Array.from({ length: s.horizon }, (_, k) => s.values[n - 1]! + slope * (k + 1));
    return {
      id: s.id,
      mean,
      lower: Object.fromEntries(req.levels.map((l) => [String(l), mean.map((v) => v - (l >= 95 ? 2 : 1))])),
      upper: Object.fromEntries(req.levels.map((l) => [String(l), mean.map((v) => v + (l >= 95 ? 2 : 1))])),
    };
  });
}

function handler(req: IncomingMessage, res: ServerResponse) {
  let raw = "";
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    const body = JSON.parse(raw) as WireRequest;
    received.push({ path: req.url ?? "", headers: req.headers, body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (req.url) {
      case "/ok":
        return json(200, { forecasts: lineForecasts(body) });
      case "/partly-bad": {
        // First series fine; second has a string in its mean; third missing.
        const [a, b] = lineForecasts(body);
        return json(200, { forecasts: [a, { ...b, mean: [1, "x", 3] }] });
      }
      case "/not-an-answer":
        return json(200, { predictions: [] });
      case "/not-json":
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("hello");
      case "/fail":
        res.writeHead(500, { "content-type": "text/plain" });
        return res.end("model crashed");
      case "/slow":
        // Answers long after the client's timeout.
        setTimeout(() => {
          if (!res.writableEnded && !res.destroyed) json(200, { forecasts: lineForecasts(body) });
        }, 2_000).unref();
        return;
      default:
        return json(404, { error: "no such route" });
    }
  });
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const line = (n: number, start: number, slope: number) => Array.from({ length: n }, (_, t) => start + slope * t);

describe("external model over HTTP", () => {
  it("posts the series as JSON and turns the answer into engine forecasts with intervals and a backtest", async () => {
    const out = await forecastWithHttpModel(
      { url: `${base}/ok`, name: "svc", headers: { authorization: "Bearer t0ken" } },
      [
        { id: "a", values: line(20, 10, 2), period: 4 },
        { id: "b", values: line(12, 100, -1), horizon: 2 },
      ],
      { horizon: 3, levels: [80, 95], backtestWindows: 2 },
    );
    const request = received.at(-1)!;
    expect(request.path).toBe("/ok");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.authorization).toBe("Bearer t0ken");
    expect(request.body.horizon).toBe(3);
    expect(request.body.levels).toEqual([80, 95]);
    // Full series plus two backtest prefixes each.
    expect(request.body.series.map((s) => s.id)).toEqual(["a", "a@14", "a@17", "b", "b@8", "b@10"]);
    expect(request.body.series[0]).toEqual({ id: "a", values: line(20, 10, 2), period: 4, horizon: 3 });
    expect(request.body.series[3]!.horizon).toBe(2);

    const [a, b] = out;
    if (!a!.ok || !b!.ok) throw new Error(`unexpected errors: ${JSON.stringify(out)}`);
    expect(a!.result.method).toBe("svc");
    expect([...a!.result.mean]).toEqual([50, 52, 54]);
    expect([...a!.result.lower[0]!]).toEqual([49, 51, 53]);
    expect([...a!.result.upper[1]!]).toEqual([52, 54, 56]);
    // The service is exact on a line, so its backtest is perfect and every interval covers.
    expect(a!.result.backtest?.windows).toBe(2);
    expect(a!.result.backtest?.mae).toBe(0);
    expect(a!.result.backtest?.coverage).toEqual({ "80": 1, "95": 1 });
    expect(a!.warnings).toEqual([]);
    expect([...b!.result.mean]).toEqual([88, 87]);

    // The returned model plugs into automatic selection like any other.
    const registry = createModelRegistry([a!.model]);
    const auto = forecastSeries(line(20, 10, 2), { horizon: 3, registry, pool: ["svc", "naive"], combine: 1, levels: [80, 95] });
    expect(auto.members).toEqual(["svc"]);
  });

  it("reports a malformed or missing item for its series only", async () => {
    const out = await forecastWithHttpModel({ url: `${base}/partly-bad` }, [
      { id: "a", values: line(10, 1, 1) },
      { id: "b", values: line(10, 1, 1) },
      { id: "c", values: line(10, 1, 1) },
    ], { horizon: 3 });
    expect(out[0]!.ok).toBe(true);
    expect(out[1]).toEqual({ id: "b", ok: false, error: expect.stringMatching(/^external: malformed forecast: mean\[1\]: .*number/i) });
    expect(out[2]).toEqual({ id: "c", ok: false, error: "external: the response has no forecast for this series" });
  });

  it("rejects an answer that is not the expected JSON, for every series", async () => {
    const wrongShape = await forecastWithHttpModel({ url: `${base}/not-an-answer` }, [{ id: "a", values: [1, 2, 3] }, { id: "b", values: [4, 5] }], { horizon: 2 });
    for (const o of wrongShape) {
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.error).toMatch(/^external: malformed response: forecasts: /);
    }
    const notJson = await forecastWithHttpModel({ url: `${base}/not-json` }, [{ id: "a", values: [1, 2, 3] }], { horizon: 2 });
    expect(notJson).toEqual([{ id: "a", ok: false, error: "external: malformed response: not JSON" }]);
  });

  it("reports a non-2xx status with the start of the body", async () => {
    const out = await forecastWithHttpModel({ url: `${base}/fail`, name: "svc" }, [{ id: "a", values: [1, 2, 3] }], { horizon: 2 });
    expect(out).toEqual([{ id: "a", ok: false, error: `svc: ${base}/fail answered HTTP 500 Internal Server Error: model crashed` }]);
  });

  it("gives up after the timeout instead of waiting for a slow service", async () => {
    const started = performance.now();
    const out = await forecastWithHttpModel({ url: `${base}/slow`, timeoutMs: 150 }, [{ id: "a", values: [1, 2, 3] }], { horizon: 2 });
    const elapsed = performance.now() - started;
    expect(out).toEqual([{ id: "a", ok: false, error: `external: no answer from ${base}/slow within 150 ms` }]);
    expect(elapsed).toBeLessThan(1_500);
  });

  it("reports invalid input per series without calling the service for it, and a refused connection", async () => {
    const before = received.length;
    const out = await forecastWithHttpModel({ url: `${base}/ok` }, [
      { id: "nan", values: [1, Number.NaN, 3] },
      { id: "ok", values: [1, 2, 3] },
      { id: "ok", values: [1, 2, 3] },
    ], { horizon: 0 });
    expect(out.map((o) => (o.ok ? "ok" : o.error))).toEqual([
      "horizon: horizon must be an integer ≥ 1",
      "horizon: horizon must be an integer ≥ 1",
      "horizon: horizon must be an integer ≥ 1",
    ]);
    expect(received.length).toBe(before);
    const dup = await forecastWithHttpModel({ url: `${base}/ok` }, [{ id: "x", values: [1, 2, 3] }, { id: "x", values: [1, 2, 3] }, { id: "bad", values: [1, Number.NaN] }], { horizon: 1 });
    expect(dup[0]!.ok).toBe(true);
    expect(dup[1]).toEqual({ id: "x", ok: false, error: 'id "x" is not unique in the request' });
    expect(dup[2]).toEqual({ id: "bad", ok: false, error: "values[1]: value null is not a finite number" });

    // A port nobody listens on: a connection error, reported per series.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await forecastWithHttpModel({ url: `http://127.0.0.1:${port}/` }, [{ id: "a", values: [1, 2, 3] }], { horizon: 1 });
    expect(refused[0]!.ok).toBe(false);
    if (!refused[0]!.ok) expect(refused[0]!.error).toMatch(/^external: request to http:\/\/127\.0\.0\.1:\d+\/ failed: .*ECONNREFUSED/);
  });
});
