import type { ArticleInput, AuditEntry, AuditRecord } from '@attrib/core'
import {
  ArticleDeletedError,
  ArticleExistsError,
  type ArticleRow,
  type ArticleStats,
  type ArticleView,
  type DocumentStore,
  type SentenceMatch,
  type SentenceQuery,
  type StoredDocument,
  type StoredView,
  type ViewPart,
} from '@attrib/sync'
import { prepareArticle, settingJson } from './articles'
import { findInRows } from './sentenceQuery'

/**
 * A {@link DocumentStore} in memory, for tests and throw-away servers. Behaves like {@link SqliteStore}
 * (the same contract tests run against both) but keeps nothing after the process ends.
 */
export class MemoryStore implements DocumentStore {
  private snapshots = new Map<string, { data: Uint8Array; through: number }>()
  private updates: { seq: number; name: string; data: Uint8Array }[] = []
  private seqs = new Map<string, number>()
  private articles = new Map<string, ArticleRow>()
  private settings = new Map<string, string>()
  private views = new Map<string, ArticleView>()
  /** Deleted articles (their rows stay in `articles`) → when (ISO). */
  private deleted = new Map<string, string>()
  /** Each document's audit trail, stored as JSON so that nobody holds a reference into it. */
  private audit = new Map<string, string[]>()
  private closed = false

  async load(name: string): Promise<StoredDocument> {
    this.check()
    const rows = this.updates.filter((u) => u.name === name)
    return {
      snapshot: copy(this.snapshots.get(name)?.data ?? null),
      updates: rows.map((u) => copy(u.data)),
      seq: this.seqs.get(name) ?? 0,
    }
  }

  async appendUpdates(
    name: string,
    updates: Uint8Array[],
    audit: readonly AuditRecord[] = [],
  ): Promise<number> {
    this.check()
    // All or nothing, as a database transaction would be.
    for (const [i, data] of updates.entries())
      if (!(data instanceof Uint8Array)) throw new TypeError(`MemoryStore: update ${i} is not a Uint8Array`)
    let seq = this.seqs.get(name) ?? 0
    if (updates.length === 0) return seq
    const records = audit.map((r) => JSON.stringify(r))
    for (const data of updates) this.updates.push({ seq: ++seq, name, data: copy(data) })
    this.seqs.set(name, seq)
    if (records.length > 0) {
      const trail = this.audit.get(name) ?? []
      for (const record of records) {
        const { at, user, annotation, before, after } = JSON.parse(record) as AuditRecord
        trail.push(JSON.stringify({ n: trail.length + 1, seq, at, user, annotation, before, after }))
      }
      this.audit.set(name, trail)
    }
    return seq
  }

  async readAudit(name: string, options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    this.check()
    const after = options.after ?? 0
    const trail = this.audit.get(name) ?? []
    return trail
      .slice(after, options.limit === undefined ? undefined : after + options.limit)
      .map((e) => JSON.parse(e) as AuditEntry)
  }

  async compact(name: string, state: Uint8Array, throughSeq: number, view?: ArticleView): Promise<void> {
    this.check()
    if ((this.snapshots.get(name)?.through ?? -1) >= throughSeq) return
    this.snapshots.set(name, { data: copy(state), through: throughSeq })
    this.updates = this.updates.filter((u) => u.name !== name || u.seq > throughSeq)
    if (view) this.putView(name, view)
  }

  async readViews(ids: readonly string[], part: ViewPart = 'snapshot'): Promise<StoredView[]> {
    this.check()
    return ids.map((id) => {
      const view = this.views.get(id)
      return {
        id,
        seq: this.seqs.get(id) ?? 0,
        view: view
          ? { seq: view.seq, version: view.version, json: part === 'digest' ? view.digest : view.json }
          : null,
      }
    })
  }

  async writeView(name: string, view: ArticleView): Promise<void> {
    this.check()
    this.putView(name, view)
  }

  async findSentences(query: SentenceQuery): Promise<SentenceMatch[]> {
    this.check()
    const live = [...this.views].filter(([id]) => this.articles.has(id) && !this.deleted.has(id))
    return findInRows(live, query)
  }

  async staleViews(version: number): Promise<string[]> {
    this.check()
    return [...this.articles.keys()]
      .filter((id) => !this.deleted.has(id))
      .filter((id) => {
        const view = this.views.get(id)
        return !view || view.version !== version || view.seq !== (this.seqs.get(id) ?? 0)
      })
      .sort()
  }

  private putView(name: string, view: ArticleView): void {
    const stored = this.views.get(name)
    if (stored && stored.version === view.version && stored.seq > view.seq) return
    this.views.set(name, structuredClone(view))
  }

  async countUpdates(name?: string): Promise<number> {
    this.check()
    return name === undefined ? this.updates.length : this.updates.filter((u) => u.name === name).length
  }

  async createArticles(inputs: ArticleInput[]): Promise<ArticleRow[]> {
    this.check()
    const ids = new Set<string>()
    for (const { meta } of inputs) {
      this.checkFree(meta.id)
      if (ids.has(meta.id)) throw new ArticleExistsError(meta.id)
      ids.add(meta.id)
    }
    // Build every document before storing any, so a bad annotation stores nothing.
    for (const input of inputs) prepareArticle(input)
    return inputs.map((input) => this.createArticleNow(input))
  }

  async createArticle(input: ArticleInput): Promise<ArticleRow> {
    return this.createArticleNow(input)
  }

  private createArticleNow(input: ArticleInput): ArticleRow {
    this.check()
    const { id } = input.meta
    this.checkFree(id)
    const { state, stats, view } = prepareArticle(input)
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
    this.snapshots.set(id, { data: state, through: 0 })
    this.updates = this.updates.filter((u) => u.name !== id)
    this.articles.set(id, row)
    this.putView(id, { ...view, seq: this.seqs.get(id) ?? 0 })
    return structuredClone(row)
  }

  private checkFree(id: string): void {
    const deletedAt = this.deleted.get(id)
    if (deletedAt !== undefined) throw new ArticleDeletedError(id, deletedAt)
    if (this.articles.has(id)) throw new ArticleExistsError(id)
  }

  async hasArticles(): Promise<boolean> {
    this.check()
    for (const id of this.articles.keys()) if (!this.deleted.has(id)) return true
    return false
  }

  async listArticles(): Promise<ArticleRow[]> {
    this.check()
    return [...this.articles.values()]
      .filter((row) => !this.deleted.has(row.id))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((row) => structuredClone(row))
  }

  async getArticleRow(id: string): Promise<ArticleRow | undefined> {
    this.check()
    const row = this.deleted.has(id) ? undefined : this.articles.get(id)
    return row && structuredClone(row)
  }

  async deleteArticle(id: string): Promise<string | undefined> {
    this.check()
    if (!this.articles.has(id) || this.deleted.has(id)) return undefined
    const now = new Date().toISOString()
    this.deleted.set(id, now)
    return now
  }

  async restoreArticle(id: string): Promise<ArticleRow | undefined> {
    this.check()
    this.deleted.delete(id)
    return this.getArticleRow(id)
  }

  async listDeleted(): Promise<{ id: string; deletedAt: string }[]> {
    this.check()
    return [...this.deleted]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, deletedAt]) => ({ id, deletedAt }))
  }

  async purgeDeleted(before: string): Promise<string[]> {
    this.check()
    const ids = [...this.deleted].filter(([, at]) => at <= before).map(([id]) => id)
    for (const id of ids) {
      this.deleted.delete(id)
      this.articles.delete(id)
      this.snapshots.delete(id)
      this.seqs.delete(id)
      this.views.delete(id)
      this.audit.delete(id)
    }
    const gone = new Set(ids)
    this.updates = this.updates.filter((u) => !gone.has(u.name))
    return ids.sort()
  }

  async updateArticleStats(id: string, stats: ArticleStats): Promise<void> {
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

  async getSetting(key: string): Promise<unknown> {
    this.check()
    const value = this.settings.get(key)
    return value === undefined ? undefined : JSON.parse(value)
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    this.check()
    // Stored as JSON like SqliteStore, so callers cannot mutate the stored value by reference.
    this.settings.set(key, settingJson(key, value))
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private check(): void {
    if (this.closed) throw new Error('MemoryStore: the store is closed')
  }
}

function copy<T extends Uint8Array | null>(data: T): T {
  return (data === null ? null : new Uint8Array(data)) as T
}
