import type { ArticleInput } from '@attrib/core'
import {
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  type DocumentStore,
  prepareArticle,
  type StoredDocument,
  settingJson,
} from './DocumentStore'

/**
 * A {@link DocumentStore} in memory, for tests and throw-away servers. Behaves like {@link SqliteStore}
 * (the same contract tests run against both) but keeps nothing after the process ends.
 */
export class MemoryStore implements DocumentStore {
  private snapshots = new Map<string, Uint8Array>()
  private updates: { id: number; name: string; data: Uint8Array }[] = []
  private articles = new Map<string, ArticleRow>()
  private settings = new Map<string, string>()
  private nextId = 1
  private closed = false

  load(name: string): StoredDocument {
    this.check()
    const rows = this.updates.filter((u) => u.name === name)
    return {
      snapshot: copy(this.snapshots.get(name) ?? null),
      updates: rows.map((u) => copy(u.data)),
      lastUpdateId: rows.length > 0 ? rows[rows.length - 1]!.id : 0,
    }
  }

  appendUpdate(name: string, update: Uint8Array): number {
    this.check()
    const id = this.nextId++
    this.updates.push({ id, name, data: copy(update) })
    return id
  }

  compact(name: string, state: Uint8Array, throughId: number): void {
    this.check()
    this.snapshots.set(name, copy(state))
    this.updates = this.updates.filter((u) => u.name !== name || u.id > throughId)
  }

  countUpdates(name?: string): number {
    this.check()
    return name === undefined ? this.updates.length : this.updates.filter((u) => u.name === name).length
  }

  createArticles(inputs: ArticleInput[]): ArticleRow[] {
    this.check()
    const ids = new Set<string>()
    for (const { meta } of inputs) {
      if (this.articles.has(meta.id) || ids.has(meta.id)) throw new ArticleExistsError(meta.id)
      ids.add(meta.id)
    }
    // Build every document before storing any, so a bad annotation stores nothing.
    for (const input of inputs) prepareArticle(input)
    return inputs.map((input) => this.createArticle(input))
  }

  createArticle(input: ArticleInput): ArticleRow {
    this.check()
    const { id } = input.meta
    if (this.articles.has(id)) throw new ArticleExistsError(id)
    const { state, stats } = prepareArticle(input)
    const now = new Date().toISOString()
    const meta = stats.meta ?? input.meta
    const row: ArticleRow = {
      id,
      title: meta.title,
      outlet: meta.outlet ?? null,
      date: meta.date ?? null,
      story: meta.story ?? null,
      meta: { ...meta },
      sentences: stats.sentences,
      tagged: stats.tagged,
      createdAt: now,
      updatedAt: now,
    }
    this.snapshots.set(id, state)
    this.updates = this.updates.filter((u) => u.name !== id)
    this.articles.set(id, row)
    return structuredClone(row)
  }

  listArticles(): ArticleRow[] {
    this.check()
    return [...this.articles.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((row) => structuredClone(row))
  }

  getArticleRow(id: string): ArticleRow | undefined {
    this.check()
    const row = this.articles.get(id)
    return row && structuredClone(row)
  }

  updateArticleStats(id: string, stats: ArticleStats): void {
    this.check()
    const row = this.articles.get(id)
    if (!row) return
    row.sentences = stats.sentences
    row.tagged = stats.tagged
    if (stats.meta) {
      row.meta = { ...stats.meta }
      row.title = stats.meta.title
      row.outlet = stats.meta.outlet ?? null
      row.date = stats.meta.date ?? null
      row.story = stats.meta.story ?? null
    }
    row.updatedAt = new Date().toISOString()
  }

  getSetting(key: string): unknown {
    this.check()
    const value = this.settings.get(key)
    return value === undefined ? undefined : JSON.parse(value)
  }

  setSetting(key: string, value: unknown): void {
    this.check()
    // Stored as JSON like SqliteStore, so callers cannot mutate the stored value by reference.
    this.settings.set(key, settingJson(key, value))
  }

  close(): void {
    this.closed = true
  }

  private check(): void {
    if (this.closed) throw new Error('MemoryStore: the store is closed')
  }
}

function copy<T extends Uint8Array | null>(data: T): T {
  return (data === null ? null : new Uint8Array(data)) as T
}
