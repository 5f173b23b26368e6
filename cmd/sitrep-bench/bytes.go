package main

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/vellum"
	"github.com/golang/snappy"
)

// runBytes prints where the bytes of an index go: per field, its stored
// values, term dictionary, frequencies and norms, term locations (term
// vectors), postings bitmaps and doc values, summed over the index's
// segments (zap v17 files, read as docs/zap.md of zapx describes them).
func runBytes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bytes", "bytes --index DIR [--raw-mb MB]", stderr)
	dir := fs.String("index", "", "index directory to measure (required)")
	raw := fs.Float64("raw-mb", 0, "raw text of the corpus in MB, to print the index's size per raw MB")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("bytes: --index is required")
	}
	files, err := filepath.Glob(filepath.Join(*dir, "store", "*.zap"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("bytes: no zap segments under %s/store: give the directory of a Sitrep index", *dir)
	}
	acc := byteAccount{fields: map[string]*fieldBytes{}}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := acc.segment(f); err != nil {
			return fmt.Errorf("bytes: %s: %w", f, err)
		}
	}
	total, err := dirSize(*dir)
	if err != nil {
		return err
	}
	acc.print(stdout, len(files), total, *raw)
	return nil
}

// fieldBytes counts one field's bytes.
type fieldBytes struct {
	storedRaw                                int64 // uncompressed stored values
	dict, freqNorm, locs, postings, docValue int64
	terms, locatedTerms                      int64
}

func (b *fieldBytes) sum() int64 { return b.dict + b.freqNorm + b.locs + b.postings + b.docValue }

// byteAccount sums the bytes of an index's segments.
type byteAccount struct {
	fields map[string]*fieldBytes
	// stored is the stored section (values, snappy-compressed by
	// document, their metadata and the per-document index); storedMeta
	// the metadata within it.
	stored, storedMeta, segments int64
}

func (a *byteAccount) field(name string) *fieldBytes {
	b := a.fields[name]
	if b == nil {
		b = &fieldBytes{}
		a.fields[name] = b
	}
	return b
}

// segment reads one zap v17 file.
func (a *byteAccount) segment(path string) error {
	mem, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	const fixedFooter = 4 + 4 + 4 + 8 + 8 + 8 + 4 // crc, version, chunk mode, sections, stored index, docs, id length
	if len(mem) < fixedFooter {
		return errors.New("too short for a zap segment")
	}
	end := len(mem)
	if v := binary.BigEndian.Uint32(mem[end-8:]); v != 17 {
		return fmt.Errorf("zap version %d, this measures version 17", v)
	}
	sectionsIndex := binary.BigEndian.Uint64(mem[end-20:])
	storedIndex := binary.BigEndian.Uint64(mem[end-28:])
	numDocs := binary.BigEndian.Uint64(mem[end-36:])
	a.segments++

	// Stored fields: each document's record is metadata (field, type,
	// start, length, array positions as varints) and snappy data.
	names := a.fieldNames(mem, sectionsIndex)
	a.stored += int64(storedIndex) + int64(numDocs)*8
	for d := uint64(0); d < numDocs; d++ {
		off := binary.BigEndian.Uint64(mem[storedIndex+d*8:])
		metaLen, n := binary.Uvarint(mem[off:])
		dataLen, m := binary.Uvarint(mem[off+uint64(n):])
		meta := mem[off+uint64(n+m) : off+uint64(n+m)+metaLen]
		data := mem[off+uint64(n+m)+metaLen : off+uint64(n+m)+metaLen+dataLen]
		a.storedMeta += int64(metaLen)
		// The document's _id comes first, its length in the metadata,
		// its value uncompressed before the snappy data.
		idLen, k := binary.Uvarint(meta)
		meta = meta[k:]
		a.field("_id").storedRaw += int64(idLen)
		if _, err := snappy.DecodedLen(data[idLen:]); err != nil {
			return fmt.Errorf("document %d: stored data: %w", d, err)
		}
		for len(meta) > 0 {
			var v [5]uint64 // field, type, start, length, number of array positions
			for i := range v {
				x, k := binary.Uvarint(meta)
				v[i], meta = x, meta[k:]
			}
			for i := uint64(0); i < v[4]; i++ { // array positions
				_, k := binary.Uvarint(meta)
				meta = meta[k:]
			}
			if int(v[0]) < len(names) {
				a.field(names[v[0]]).storedRaw += int64(v[3])
			}
		}
	}

	// Inverted index: per field, the postings of its terms, its
	// dictionary (vellum), its doc values and three varints at its
	// section address: doc values start and end, dictionary offset.
	pos := sectionsIndex
	numFields, n := binary.Uvarint(mem[pos:])
	pos += uint64(n)
	for f := uint64(0); f < numFields; f++ {
		addr := binary.BigEndian.Uint64(mem[pos+f*8:])
		if addr == 0 {
			continue
		}
		name, iti := fieldSection(mem, addr)
		if iti == 0 {
			continue
		}
		b := a.field(name)
		p := iti
		dvStart, dvEnd, dictOff := uvarintAt(mem, &p), uvarintAt(mem, &p), uvarintAt(mem, &p)
		if dvStart != ^uint64(0) && dvEnd > dvStart {
			b.docValue += int64(dvEnd - dvStart)
		}
		if dictOff == 0 {
			continue
		}
		vlen, k := binary.Uvarint(mem[dictOff:])
		b.dict += int64(vlen) + int64(k)
		fst, err := vellum.Load(mem[dictOff+uint64(k) : dictOff+uint64(k)+vlen])
		if err != nil {
			return fmt.Errorf("field %s: dictionary: %w", name, err)
		}
		it, err := fst.Iterator(nil, nil)
		for err == nil {
			_, v := it.Current()
			b.terms++
			if v&(1<<63) == 0 { // not a one-hit term, which the dictionary holds whole
				a.postings(mem, v, b)
			}
			err = it.Next()
		}
		if !errors.Is(err, vellum.ErrIteratorDone) {
			return fmt.Errorf("field %s: dictionary: %w", name, err)
		}
	}
	return nil
}

// postings counts the postings list at off: its frequencies and norms and
// locations, which precede it, and its header and bitmap.
func (a *byteAccount) postings(mem []byte, off uint64, b *fieldBytes) {
	p := off
	tfOff, locOff, bmLen := uvarintAt(mem, &p), uvarintAt(mem, &p), uvarintAt(mem, &p)
	p += bmLen
	switch {
	case tfOff == 0: // none (zapx termNotEncoded)
	case locOff == 0:
		b.freqNorm += int64(off - tfOff)
	default:
		b.freqNorm += int64(locOff - tfOff)
	}
	if locOff != 0 {
		locs := int64(off - locOff)
		b.locs += locs
		// An empty chunked list of locations is a count and offsets of
		// zero chunks: a few bytes.
		if locs > 8 {
			b.locatedTerms++
		}
	}
	b.postings += int64(p - off)
}

// fieldNames returns the segment's field names, by field number.
func (a *byteAccount) fieldNames(mem []byte, sectionsIndex uint64) []string {
	numFields, n := binary.Uvarint(mem[sectionsIndex:])
	names := make([]string, numFields)
	for f := range names {
		addr := binary.BigEndian.Uint64(mem[sectionsIndex+uint64(n)+uint64(f)*8:])
		names[f], _ = fieldSection(mem, addr)
	}
	return names
}

// fieldSection reads a field's record in the sections info: its name and
// the address of its inverted text index section (0 for none).
func fieldSection(mem []byte, addr uint64) (string, uint64) {
	p := addr
	nameLen := uvarintAt(mem, &p)
	name := string(mem[p : p+nameLen])
	p += nameLen
	uvarintAt(mem, &p) // indexing options
	sections := uvarintAt(mem, &p)
	for i := uint64(0); i < sections; i++ {
		typ := binary.BigEndian.Uint16(mem[p:])
		at := binary.BigEndian.Uint64(mem[p+2:])
		p += 10
		if typ == 0 { // zapx SectionInvertedTextIndex
			return name, at
		}
	}
	return name, 0
}

// print writes the account as a Markdown table, in MB, largest first.
func (a *byteAccount) print(w io.Writer, segments int, total int64, rawMB float64) {
	mb := func(n int64) string { return fmt.Sprintf("%.2f", float64(n)/1e6) }
	names := make([]string, 0, len(a.fields))
	for name := range a.fields {
		names = append(names, name)
	}
	slices.SortFunc(names, func(x, y string) int {
		bx, by := a.fields[x], a.fields[y]
		return cmp.Or(cmp.Compare(by.sum()+by.storedRaw, bx.sum()+bx.storedRaw), strings.Compare(x, y))
	})
	fmt.Fprintf(w, "%d segments, %s MB on disk", segments, mb(total))
	if rawMB > 0 {
		fmt.Fprintf(w, " (%.2f× the raw text's %.1f MB)", float64(total)/1e6/rawMB, rawMB)
	}
	fmt.Fprintf(w, "; stored section %s MB (compressed; metadata %s MB)\n\n", mb(a.stored), mb(a.storedMeta))
	fmt.Fprintln(w, "| field | stored (uncompressed) | dictionary | freq/norm | locations | postings bitmaps | doc values | indexed total | terms |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	var sum fieldBytes
	for _, name := range names {
		b := a.fields[name]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", name, mb(b.storedRaw), mb(b.dict), mb(b.freqNorm),
			mb(b.locs), mb(b.postings), mb(b.docValue), mb(b.sum()), b.terms)
		sum.storedRaw += b.storedRaw
		sum.dict += b.dict
		sum.freqNorm += b.freqNorm
		sum.locs += b.locs
		sum.postings += b.postings
		sum.docValue += b.docValue
		sum.terms += b.terms
	}
	fmt.Fprintf(w, "| **all** | %s | %s | %s | %s | %s | %s | %s | %d |\n", mb(sum.storedRaw), mb(sum.dict), mb(sum.freqNorm),
		mb(sum.locs), mb(sum.postings), mb(sum.docValue), mb(sum.sum()), sum.terms)
}

// uvarintAt reads the varint at *p in mem and moves *p past it.
func uvarintAt(mem []byte, p *uint64) uint64 {
	v, k := binary.Uvarint(mem[*p:])
	*p += uint64(k)
	return v
}

// dirSize returns the bytes of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	return total, err
}
