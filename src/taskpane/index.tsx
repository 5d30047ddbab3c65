// Temporary entry until the pane lands (issue 5).
export {};
