/**
 * Items added to a list table (the import's "add it to the list"): both adapters add the same
 * ones, so the rule is here. An item is its trimmed text; blanks, items the list already has
 * (exactly, as the sheet's data validation compares) and repeats are skipped.
 */
export function newListItems(current: readonly string[], items: readonly string[]): string[] {
  const seen = new Set(current.map((c) => c.trim()));
  const added: string[] = [];
  for (const item of items) {
    const text = item.trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    added.push(text);
  }
  return added;
}
