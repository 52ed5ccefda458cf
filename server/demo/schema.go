package demo

// schema creates every demo table and the indexes the saved queries use.
// Dates are ISO 8601 TEXT ('YYYY-MM-DD'), SQLite's sortable date form.
const schema = `
CREATE TABLE sales (
	id           INTEGER PRIMARY KEY,
	order_date   TEXT    NOT NULL,
	region       TEXT    NOT NULL,
	country_code TEXT    NOT NULL, -- ISO 3166-1 alpha-3
	product      TEXT    NOT NULL,
	category     TEXT    NOT NULL,
	channel      TEXT    NOT NULL,
	units        INTEGER NOT NULL,
	unit_price   REAL    NOT NULL,
	revenue      REAL    NOT NULL,
	cost         REAL    NOT NULL
);
CREATE INDEX sales_order_date ON sales (order_date);
CREATE INDEX sales_region_date ON sales (region, order_date);
CREATE INDEX sales_country ON sales (country_code);
CREATE INDEX sales_product ON sales (product);

CREATE TABLE stock_prices (
	symbol TEXT    NOT NULL,
	day    TEXT    NOT NULL,
	open   REAL    NOT NULL,
	high   REAL    NOT NULL,
	low    REAL    NOT NULL,
	close  REAL    NOT NULL,
	volume INTEGER NOT NULL,
	PRIMARY KEY (symbol, day)
);

CREATE TABLE employees (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	department TEXT    NOT NULL,
	manager_id INTEGER REFERENCES employees (id), -- NULL for the CEO
	salary     REAL    NOT NULL,
	hired_on   TEXT    NOT NULL
);
CREATE INDEX employees_manager ON employees (manager_id);

CREATE TABLE surface (
	x REAL NOT NULL,
	y REAL NOT NULL,
	z REAL NOT NULL,
	PRIMARY KEY (x, y)
);

CREATE TABLE points3d (
	x       REAL NOT NULL,
	y       REAL NOT NULL,
	z       REAL NOT NULL,
	size    REAL NOT NULL,
	cluster TEXT NOT NULL
);
CREATE INDEX points3d_cluster ON points3d (cluster);

CREATE TABLE tasks (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	phase      TEXT    NOT NULL,
	start_date TEXT    NOT NULL,
	end_date   TEXT    NOT NULL,
	progress   REAL    NOT NULL CHECK (progress BETWEEN 0 AND 1),
	depends_on INTEGER REFERENCES tasks (id)
);

CREATE TABLE links (
	source TEXT    NOT NULL,
	target TEXT    NOT NULL,
	weight INTEGER NOT NULL,
	PRIMARY KEY (source, target)
);

CREATE TABLE words (
	word      TEXT    PRIMARY KEY,
	frequency INTEGER NOT NULL
);

CREATE TABLE budget_steps (
	step_order INTEGER PRIMARY KEY,
	label      TEXT    NOT NULL,
	amount     REAL    NOT NULL
);

CREATE TABLE kpis (
	name   TEXT PRIMARY KEY,
	value  REAL NOT NULL,
	target REAL NOT NULL
);
`
