package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

// wholeJSON is the server's echo.JSONSerializer: the bytes of echo's own
// (encoding/json's encoder, HTML escaped, a newline after the value), but
// each answer is encoded whole into a buffer first and written in one
// piece with its Content-Length. echo's writes the encoder's output as it
// comes, so net/http sent an answer of more than 2 KB (a search's is
// 17–19 KB) chunked, its last chunk in a write of its own: the client
// read the chunks' framing and woke once more for the end of the answer.
type wholeJSON struct {
	echo.DefaultJSONSerializer // Deserialize
	// bufs holds *bytes.Buffer for the answers.
	bufs *sync.Pool
}

// maxKeptJSONBuffer is the largest buffer wholeJSON keeps for another
// answer: a rare huge answer's is let go.
const maxKeptJSONBuffer = 1 << 20

func newWholeJSON() wholeJSON {
	return wholeJSON{bufs: &sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// Serialize writes i as JSON, indented by indent when it is not empty.
func (s wholeJSON) Serialize(c echo.Context, i any, indent string) error {
	buf := s.bufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxKeptJSONBuffer {
			buf.Reset()
			s.bufs.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(i); err != nil {
		return err
	}
	r := c.Response()
	r.Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	_, err := r.Write(buf.Bytes())
	return err
}
