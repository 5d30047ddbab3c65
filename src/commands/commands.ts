// Temporary entry until the ribbon commands land.
export {};
