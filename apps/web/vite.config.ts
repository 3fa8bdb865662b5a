import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `pnpm dev` in apps/web proxies the API and the websocket to a server on 4455.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': 'http://localhost:4455',
      '/yjs': { target: 'ws://localhost:4455', ws: true },
    },
  },
})
