/** Styles the import preview and the import result share. */
import { tokens } from "@fluentui/react-components";

export const importListStyles = {
  rows: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  problem: { color: tokens.colorPaletteRedForeground1 },
} as const;
