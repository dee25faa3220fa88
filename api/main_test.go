package api_test

import (
	"os"
	"testing"

	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func TestMain(m *testing.M) { os.Exit(storagetest.Main(m)) }
