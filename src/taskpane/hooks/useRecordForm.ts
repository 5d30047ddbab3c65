/**
 * A react-hook-form form for one table's record: validated by the domain's zod schema (the same
 * rules as import and the data check, messages in the pane's language), kept as a draft on every
 * change (it survives closing the pane and a failed write; only a successful write clears it),
 * and on an invalid submit the first invalid field in display order gets the focus.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { CrmRecord } from "../../domain/port";
import type { TableKey } from "../../domain/schema";
import { recordSchema, type ValidationContext } from "../../domain/validation";
import { clearDraft, differsFrom, loadDraft, saveDraft } from "../../domain/drafts";
import { usePane } from "../context";
import type { FormValues, RecordForm } from "../components/fields";

export interface RecordFormOptions {
  /** Draft key. */
  form: string;
  table: TableKey;
  defaults: FormValues;
  ctx: ValidationContext;
  /** Field keys in display order (the first invalid one gets the focus). */
  order: readonly string[];
  /** Fields inside the collapsible "more" section: it opens when one of them is invalid. */
  more?: readonly string[];
  /** A resolver other than the table's zod schema (e.g. a partial update). */
  resolver?: Resolver<FormValues, unknown, CrmRecord>;
}

export interface RecordFormApi {
  form: RecordForm;
  moreOpen: boolean;
  setMoreOpen: (open: boolean) => void;
  draftRestored: boolean;
  /** Number of invalid fields after the last submit attempt. */
  invalidCount: number;
  onInvalid: (errors: FieldErrors<FormValues>) => void;
  /** Clears the draft and resets the form to its defaults (after a successful write). */
  finish: (next?: FormValues) => void;
}

export function useRecordForm(options: RecordFormOptions): RecordFormApi {
  const { drafts, lang } = usePane();
  const { form: formKey, table, ctx, order, more, defaults } = options;
  const [restored] = useState(() => loadDraft(drafts, formKey));
  const [moreOpen, setMoreOpen] = useState(
    () => !!restored && (more ?? []).some((k) => (restored[k] ?? "") !== (defaults[k] ?? "")),
  );
  const [invalidCount, setInvalidCount] = useState(0);
  const defaultsRef = useRef(defaults);
  defaultsRef.current = defaults;

  const resolver = useMemo(
    () =>
      options.resolver ??
      (zodResolver(recordSchema(table, ctx, lang)) as Resolver<FormValues, unknown, CrmRecord>),
    [options.resolver, table, ctx, lang],
  );

  const form = useForm<FormValues, unknown, CrmRecord>({
    defaultValues: { ...defaults, ...(restored ?? {}) },
    resolver,
    mode: "onSubmit",
    reValidateMode: "onChange",
    // Focus is ours: a field inside the collapsed section must be shown before it can take it.
    shouldFocusError: false,
  });

  useEffect(() => {
    const sub = form.watch((values) => {
      // A form back at its defaults (after a write, or cleared) has no draft worth restoring.
      if (differsFrom(values as FormValues, defaultsRef.current)) {
        saveDraft(drafts, formKey, values as FormValues);
      } else clearDraft(drafts, formKey);
    });
    return () => sub.unsubscribe();
  }, [form, drafts, formKey]);

  // Messages follow the language switch without waiting for the next submit.
  const { isSubmitted } = form.formState;
  useEffect(() => {
    if (isSubmitted) void form.trigger();
  }, [lang, form, isSubmitted]);

  const onInvalid = useCallback(
    (errors: FieldErrors<FormValues>) => {
      const invalid = order.filter((k) => errors[k]);
      setInvalidCount(invalid.length);
      const first = invalid[0];
      if (!first) return;
      if (more?.includes(first)) setMoreOpen(true);
      // After the section has rendered open.
      setTimeout(() => form.setFocus(first, { shouldSelect: false }), 0);
    },
    [order, more, form],
  );

  const finish = useCallback(
    (next?: FormValues) => {
      setInvalidCount(0);
      form.reset(next ?? defaultsRef.current);
      clearDraft(drafts, formKey);
    },
    [drafts, formKey, form],
  );

  return {
    form,
    moreOpen,
    setMoreOpen,
    draftRestored: !!restored && differsFrom(restored, defaults),
    invalidCount,
    onInvalid,
    finish,
  };
}
