import type { SliceRequest } from './sliceUpdate.worker'

/**
 * Asks a worker of its own (`sliceUpdate.worker.ts`) one thing: updates to cut into slices, or a copy to
 * compact. Its answer; an error when the worker could not be started or failed.
 */
export function askSliceWorker<T>(request: SliceRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sliceUpdate.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (event: MessageEvent<T>) => {
      worker.terminate()
      resolve(event.data)
    }
    worker.onerror = (event) => {
      worker.terminate()
      reject(new Error(event.message || 'the worker that slices updates failed'))
    }
    worker.postMessage(request)
  })
}
