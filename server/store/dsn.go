package store

import (
	"fmt"
	"net/url"

	"github.com/go-sql-driver/mysql"
)

func replacePGDatabase(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("postgres DSN must be a postgres:// URL")
	}
	u.Path = "/" + name
	return u.String(), nil
}

func replaceMySQLDatabase(dsn, name string) (string, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("mysql DSN: %w", err)
	}
	cfg.DBName = name
	return cfg.FormatDSN(), nil
}
