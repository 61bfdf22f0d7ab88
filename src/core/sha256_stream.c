#include "core/sha256_stream.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ORCS_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static int force_portable;

void orcs_sha256s_force_portable(int on)
{
	force_portable = on;
}

int orcs_sha256s_accelerated(void)
{
#ifdef ORCS_SHA_NI
	static int cached = -1;
	if (cached < 0) {
		unsigned a, b, c, d;
		int ok = 0;
		if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) && (c & (1u << 9)) &&
		    __get_cpuid_count(7, 0, &a, &b, &c, &d))
			ok = (b & (1u << 29)) != 0; /* SHA; SSE4.1 and SSSE3 checked above */
		cached = ok;
	}
	return cached && !force_portable;
#else
	return 0;
#endif
}

#ifdef ORCS_SHA_NI
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/* Compresses `nblocks` 64-byte blocks into h[8] with the SHA instructions:
 * the state is kept as ABEF / CDGH, each group of four rounds extends the
 * message schedule with SHA256MSG1/MSG2 and runs two SHA256RNDS2. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_ni(uint32_t h[8],
								   const unsigned char *p,
								   size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i t, s0, s1;
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1); /* B A D C */
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* H G F E */
	s0 = _mm_alignr_epi8(t, s1, 8);                                       /* A B E F */
	s1 = _mm_blend_epi16(s1, t, 0xF0);                                    /* C D G H */
	while (nblocks--) {
		__m128i w[4], m, abef = s0, cdgh = s1;
		int g;
		for (g = 0; g < 16; g++) {
			if (g < 4) {
				w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)),
							bswap);
			} else {
				__m128i x = _mm_sha256msg1_epu32(w[(g - 4) & 3], w[(g - 3) & 3]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g - 1) & 3], w[(g - 2) & 3], 4));
				w[g & 3] = _mm_sha256msg2_epu32(x, w[(g - 1) & 3]);
			}
			m = _mm_add_epi32(w[g & 3], _mm_loadu_si128((const __m128i *)&K[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			m = _mm_shuffle_epi32(m, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, m);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
		p += 64;
	}
	t = _mm_shuffle_epi32(s0, 0x1B);  /* F E B A */
	s1 = _mm_shuffle_epi32(s1, 0xB1); /* D C H G */
	s0 = _mm_blend_epi16(t, s1, 0xF0); /* D C B A */
	s1 = _mm_alignr_epi8(s1, t, 8);    /* H G F E */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}
#endif

void orcs_sha256s_init(orcs_sha256s *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memset(s, 0, sizeof(*s));
	s->ni = orcs_sha256s_accelerated();
	if (s->ni)
		memcpy(s->h, iv, sizeof(iv));
	else
		crypto_hash_sha256_init(&s->sodium);
}

void orcs_sha256s_update(orcs_sha256s *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	if (!s->ni) {
		crypto_hash_sha256_update(&s->sodium, p, (unsigned long long)n);
		return;
	}
#ifdef ORCS_SHA_NI
	s->total += n;
	if (s->buflen) {
		size_t k = 64 - s->buflen < n ? 64 - s->buflen : n;
		memcpy(s->buf + s->buflen, p, k);
		s->buflen += k;
		p += k;
		n -= k;
		if (s->buflen < 64)
			return;
		blocks_ni(s->h, s->buf, 1);
		s->buflen = 0;
	}
	if (n >= 64) {
		blocks_ni(s->h, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(s->buf, p, n);
	s->buflen = n;
#endif
}

void orcs_sha256s_final(orcs_sha256s *s, unsigned char raw[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[32];
	int i;
	memset(d, 0, sizeof(d));
	if (!s->ni) {
		crypto_hash_sha256_final(&s->sodium, d);
	} else {
#ifdef ORCS_SHA_NI
		unsigned char pad[72];
		uint64_t bits = s->total * 8;
		size_t padlen = (s->buflen < 56 ? 56 : 120) - s->buflen;
		memset(pad, 0, sizeof(pad));
		pad[0] = 0x80;
		for (i = 0; i < 8; i++)
			pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
		orcs_sha256s_update(s, pad, padlen + 8);
		for (i = 0; i < 8; i++) {
			d[4 * i] = (unsigned char)(s->h[i] >> 24);
			d[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
			d[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
			d[4 * i + 3] = (unsigned char)s->h[i];
		}
#endif
	}
	if (raw)
		memcpy(raw, d, 32);
	if (hex) {
		for (i = 0; i < 32; i++) {
			hex[2 * i] = digits[d[i] >> 4];
			hex[2 * i + 1] = digits[d[i] & 15];
		}
		hex[64] = '\0';
	}
}
