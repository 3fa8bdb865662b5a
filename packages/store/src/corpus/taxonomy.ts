import { createTaxonomy, type Label, type Taxonomy } from '@attrib/core'
import type { DocumentStore } from '@attrib/sync'
import { z } from 'zod'

/** The setting that holds the project's label set. */
export const TAXONOMY_SETTING = 'taxonomy'

const LabelBody = z
  .object({ id: z.string(), name: z.string(), color: z.string(), key: z.string(), description: z.string() })
  .strict()

/** The body of `PUT /api/taxonomy`, and what the setting holds. */
export const TaxonomyBody = z.object({ labels: z.array(LabelBody) }).strict()

/** The stored label set, or the defaults when none is stored or the stored one no longer validates. */
export async function readTaxonomy(store: DocumentStore): Promise<Taxonomy> {
  const stored = await store.getSetting(TAXONOMY_SETTING)
  const parsed = TaxonomyBody.safeParse(stored)
  if (parsed.success) {
    try {
      return createTaxonomy(parsed.data.labels as Label[])
    } catch {
      // A stored taxonomy that no longer validates falls back to the defaults rather than breaking the app.
    }
  }
  return createTaxonomy()
}
