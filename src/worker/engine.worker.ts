// The worker shim: binds the host to this worker's message port. Nothing else belongs here.
import { createEngineHost, readyMessage } from './host'
import { resolveEngineDeps } from './engine-deps'
import type { FromEngine, ToEngine } from './protocol'

const scope = self as unknown as {
  postMessage(msg: FromEngine): void
  onmessage: ((e: MessageEvent<ToEngine>) => void) | null
}
const host = createEngineHost((msg) => scope.postMessage(msg), resolveEngineDeps())
scope.onmessage = (e) => host.handle(e.data)
scope.postMessage(readyMessage)
