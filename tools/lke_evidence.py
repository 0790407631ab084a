"""Hand-curated default evidence checklists for the LKE templates.

Source: SOP/UPM/DJBM-199 (Ditjen Bina Marga, 2024) §5.e, "Kegiatan yang perlu
dilakukan 6 (enam) Tim Pokja", which names for every Pokja activity the
evidence (bukti dukung) it must produce; §5.b–c for the team decree and the
identification data. Document names are condensed from the seed's wording,
in Bahasa Indonesia, one document per line of the checklist.

Only ``tools/build_lke_fixtures.py`` imports this module; the application
reads the generated fixtures, never this file.
"""

from __future__ import annotations

from typing import NamedTuple

SOURCE = "SOP/UPM/DJBM-199 (Ditjen Bina Marga, 2024)"


class Activity(NamedTuple):
    pokja: str
    ref: str  # section of the seed the activity comes from
    text: str  # the activity as the seed words it
    evidence: tuple[str, ...]


MP = "Pokja Manajemen Perubahan"
TL = "Pokja Penataan Tata Laksana"
SDM = "Pokja Penataan Sistem Manajemen SDM"
AK = "Pokja Penguatan Akuntabilitas Kinerja"
PW = "Pokja Penguatan Pengawasan"
PP = "Pokja Peningkatan Kualitas Pelayanan Publik"

MONEV_MEETING = "Bukti rapat monev (undangan, daftar hadir, notulen, dokumentasi)"
PUBLICATION = (
    "Dokumentasi publikasi (papan pengumuman, leaflet/brosur/booklet/banner, "
    "tangkapan layar web, WA grup, media sosial)"
)
SK_AGEN = "SK Agen Perubahan"

# fmt: off
ACTIVITIES: dict[str, Activity] = {
    # ---- I. Aspek pemenuhan -------------------------------------------------
    "MP.tim": Activity(MP, "§5.c.1", "membentuk Tim Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja", (
        "SK Tim Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja",
    )),
    "MP.tim_seleksi": Activity(MP, "§5.c.1", "memilih anggota Tim Kerja melalui mekanisme yang jelas sesuai SOP", (
        "SOP Penentuan Anggota Tim Kerja Pembangunan ZI yang disahkan Pimpinan",
        "Bukti pelaksanaan pemilihan anggota Tim Kerja sesuai SOP",
        "SK Tim Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja",
    )),
    "MP.a": Activity(MP, "§5.e I.1.a", "menyusun rencana kerja yang memuat target prioritas yang relevan dengan tujuan pembangunan ZI menuju WBK/WBBM bersama Tim Pokja lainnya", (
        "Dokumen Rencana Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja dan disetujui Ketua Pokja tiap area",
        "Bukti input Rencana Kerja pada aplikasi e-monitoring",
    )),
    "MP.b": Activity(MP, "§5.e I.1.b", "melakukan sosialisasi pembangunan ZI menuju WBK/WBBM", (
        "Dokumentasi sosialisasi/internalisasi ZI di media offline (banner, poster, buku saku, pamflet, papan pengumuman)",
        "Dokumentasi sosialisasi/internalisasi ZI di media online (website, media sosial)",
    )),
    "MP.c1": Activity(MP, "§5.e I.1.c.i", "memastikan seluruh kegiatan pembangunan ZI dilaksanakan sesuai target yang direncanakan", (
        "Dokumen/laporan realisasi pelaksanaan kegiatan",
        "Laporan Monev Pembangunan ZI yang disahkan Pimpinan Unit Kerja",
    )),
    "MP.c2": Activity(MP, "§5.e I.1.c.ii", "melakukan monitoring dan evaluasi pembangunan ZI secara berkala dengan melibatkan Pimpinan", (
        "Laporan Monev Pembangunan ZI bulanan yang disahkan Pimpinan Unit Kerja",
        MONEV_MEETING,
    )),
    "MP.c3": Activity(MP, "§5.e I.1.c.iii", "menindaklanjuti hasil monitoring dan evaluasi", (
        "Laporan Monev Pembangunan ZI yang memuat perbandingan rekomendasi dan realisasi tindak lanjut, disahkan Pimpinan",
        "Bukti dokumen tindak lanjut hasil monev",
    )),
    "MP.d1": Activity(MP, "§5.e I.1.d.i", "melibatkan Pimpinan sebagai role model dalam pembangunan ZI", (
        "Laporan LHKAN dan LP2P Pimpinan dan seluruh pegawai",
        "Daftar hadir Pimpinan",
        "Hasil survei persepsi pegawai terhadap Pimpinan",
        "Arahan dan disposisi Pimpinan terkait pembangunan ZI",
    )),
    "MP.d2": Activity(MP, "§5.e I.1.d.ii–iii", "melibatkan Agen Perubahan untuk memantau pembangunan ZI dan membuat inovasi", (
        "SOP pemilihan Agen Perubahan",
        SK_AGEN,
        "Rencana Aksi Agen Perubahan",
        "Laporan pemantauan triwulanan Agen Perubahan",
        "Inovasi Agen Perubahan dengan analisa before and after",
    )),
    "MP.d4": Activity(MP, "§5.e I.1.d.iv", "membangun budaya kerja dan pola pikir serta mengurangi resistensi perubahan", (
        "Dokumentasi internalisasi budaya kerja dan core values BerAKHLAK",
        "Hasil survei tingkat pemahaman dan integritas pegawai",
    )),
    "MP.d5": Activity(MP, "§5.e I.1.d.v", "melibatkan seluruh pegawai dalam pembangunan ZI", (
        "Pakta Integritas seluruh pegawai",
        "Video yel-yel, banner, poster dan media lain yang melibatkan seluruh pegawai",
        "Undangan, daftar hadir dan notulensi kegiatan ZI",
    )),
    "TL.a": Activity(TL, "§5.e I.2.a", "membuat SOP yang mengacu pada peta proses bisnis unit kerja", (
        "Peta proses bisnis utama unit kerja",
        "SOP kegiatan utama dan pendukung",
    )),
    "TL.b": Activity(TL, "§5.e I.2.b", "menerapkan SOP yang sudah dibuat", (
        "SOP kegiatan utama dan pendukung yang telah dilegalisasi",
        "Dokumen penerapan Sistem Manajemen Mutu (SMM) di unit kerja",
        "Bukti reward dan punishment bagi penyelenggara layanan bisnis utama",
    )),
    "TL.c": Activity(TL, "§5.e I.2.c", "melakukan evaluasi terhadap SOP yang ada", (
        "Laporan monev SOP (minimal sekali setahun)",
        "Bukti tindak lanjut (perbaikan SOP atau usulan perbaikan SOP)",
    )),
    "TL.d": Activity(TL, "§5.e I.2.d", "mengembangkan aplikasi TI untuk sistem pengukuran kinerja unit kerja", (
        "Tangkapan layar aplikasi pengukuran kinerja yang digunakan (e-SAKIP, e-Mon)",
        "Bukti penerapan aplikasi pengukuran kinerja dalam Laporan Monev",
    )),
    "TL.e": Activity(TL, "§5.e I.2.e", "mengembangkan aplikasi TI untuk operasional manajemen SDM", (
        "Tangkapan layar aplikasi manajemen SDM yang digunakan (Bravo, e-HRM)",
        "Bukti penerapan aplikasi manajemen SDM dalam Laporan Monev",
    )),
    "TL.f": Activity(TL, "§5.e I.2.f", "mengembangkan aplikasi TI untuk pemberian pelayanan kepada publik", (
        "Tangkapan layar website resmi/aplikasi layanan publik unit kerja",
        "Bukti penerapan aplikasi layanan publik dalam Laporan Monev",
    )),
    "TL.g": Activity(TL, "§5.e I.2.g", "melakukan monev pemanfaatan TI dalam pengukuran kinerja, operasional SDM dan layanan publik", (
        "Laporan Monev penggunaan TI (kinerja, SDM, layanan publik) ditandatangani Pimpinan dan Ketua Pokja Tata Laksana",
    )),
    "TL.h": Activity(TL, "§5.e I.2.h", "menerapkan kebijakan keterbukaan informasi publik", (
        "SOP Layanan Informasi Publik",
        "SK Tim Pelaksana Pengelola Informasi dan Dokumentasi (PPID)",
        "Dokumentasi sarana ruang dan kegiatan layanan informasi publik",
        "Daftar Informasi Publik yang dimutakhirkan",
        "Laporan layanan informasi publik kepada PPID Utama (triwulanan dan tahunan)",
    )),
    "TL.i": Activity(TL, "§5.e I.2.i", "melakukan monev pelaksanaan kebijakan keterbukaan informasi publik", (
        "Laporan Kegiatan Layanan Informasi (triwulanan dan tahunan)",
        "Tanda terima penyampaian laporan kepada PPID Utama",
    )),
    "SDM.a": Activity(SDM, "§5.e I.3.a", "menyusun kebutuhan pegawai mengacu peta jabatan dan hasil analisis beban kerja", (
        "SK Penetapan Peta Jabatan berdasarkan Analisis Jabatan dan Analisis Beban Kerja (ABK)",
    )),
    "SDM.b": Activity(SDM, "§5.e I.3.b", "mengusulkan penempatan pegawai hasil rekrutmen sesuai kebutuhan per jabatan", (
        "Persentase realisasi penempatan pegawai terhadap rencana kebutuhan pegawai",
    )),
    "SDM.c": Activity(SDM, "§5.e I.3.c", "melakukan monev penempatan pegawai rekrutmen terhadap perbaikan kinerja unit", (
        "Laporan Monev Rekrutmen Pegawai",
    )),
    "SDM.d": Activity(SDM, "§5.e I.3.d", "memberikan masukan kepada Pimpinan terkait mutasi pegawai antar jabatan", (
        "SK Mutasi pegawai (promosi, demosi, mutasi)",
    )),
    "SDM.e": Activity(SDM, "§5.e I.3.e", "menyusun kompetensi jabatan dan pola mutasi", (
        "Usulan mutasi ke Eselon I yang mempertimbangkan kompetensi jabatan dan kebutuhan unit",
        "Kompetensi jabatan pegawai",
        "Pola mutasi",
        "SK Mutasi pegawai (promosi, demosi, mutasi)",
    )),
    "SDM.f": Activity(SDM, "§5.e I.3.f", "melakukan monev mutasi dalam kaitannya dengan perbaikan kinerja", (
        "SK Penataan Pegawai (termasuk perubahannya)",
        "Laporan Monev Pegawai",
        "Dokumentasi rapat internal penataan pegawai",
    )),
    "SDM.g": Activity(SDM, "§5.e I.3.g", "menyusun Training Need Analysis untuk pengembangan kompetensi", (
        "Formulir Analisis Kesenjangan (GAP) Kompetensi",
        "Kebutuhan akan diklat (KAD)",
        "Surat pengusulan keikutsertaan pelatihan",
        "Matriks Laporan Analisis Kompetensi Pegawai",
        "Daftar rencana pengembangan kompetensi pegawai",
    )),
    "SDM.g_gap": Activity(SDM, "§5.e I.3.g", "memetakan kesenjangan kompetensi pegawai terhadap standar jabatan", (
        "Formulir Analisis Kesenjangan (GAP) Kompetensi",
        "Matriks Laporan Analisis Kompetensi Pegawai",
    )),
    "SDM.h": Activity(SDM, "§5.e I.3.h", "menyusun rencana pengembangan kompetensi yang mempertimbangkan hasil pengelolaan kinerja", (
        "Hasil Penilaian Kinerja Pegawai",
        "Surat usulan pengajuan diklat",
        "Rekomendasi Pimpinan untuk pengembangan kompetensi",
    )),
    "SDM.i": Activity(SDM, "§5.e I.3.i", "mengusulkan kesempatan diklat/kursus dan pengembangan kompetensi bagi pegawai", (
        "Surat pengusulan pegawai mengikuti diklat/kursus",
        "Laporan Monev pengembangan kompetensi SDM",
        "Surat pemberitahuan diklat/pengembangan kompetensi bagi seluruh pegawai",
    )),
    "SDM.j": Activity(SDM, "§5.e I.3.j", "melakukan upaya pengembangan kompetensi kepada seluruh pegawai", (
        "Surat pengusulan keikutsertaan pelatihan/kursus",
        "Laporan Monev pengembangan kompetensi SDM unit kerja",
    )),
    "SDM.k": Activity(SDM, "§5.e I.3.k", "melakukan monev hasil pengembangan kompetensi terhadap perbaikan kinerja", (
        "Laporan Monev Pengembangan Kompetensi SDM (rencana vs realisasi)",
        "Laporan Evaluasi Pengembangan Kompetensi",
        "Dokumen hasil evaluasi SKP tahunan",
    )),
    "SDM.l": Activity(SDM, "§5.e I.3.l", "menyusun penetapan kinerja individu yang terkait perjanjian kinerja organisasi", (
        "Perjanjian Kinerja Pimpinan Unit Kerja",
        "SKP Pimpinan Unit Kerja dan pegawai",
        "Tangkapan layar e-Kinerja (SKP pegawai terkait SKP atasan)",
    )),
    "SDM.m": Activity(SDM, "§5.e I.3.m", "menyusun kriteria kinerja individu sesuai indikator kinerja level di atasnya", (
        "SKP Pimpinan Unit Kerja dan bawahan",
        "Tangkapan layar e-Kinerja (SKP bawahan terkait SKP atasan)",
    )),
    "SDM.n": Activity(SDM, "§5.e I.3.n", "melakukan pengukuran kinerja individu secara periodik", (
        "Penilaian SKP",
        "Evaluasi kehadiran bulanan pegawai",
        "Logbook/catatan kinerja harian",
    )),
    "SDM.o": Activity(SDM, "§5.e I.3.o", "mengusulkan pemberian reward berdasarkan SKP pegawai", (
        "Dokumen SKP",
        "Rekap tunjangan kinerja pegawai",
        "Dokumentasi pemberian reward (surat keterangan, sertifikat)",
    )),
    "SDM.p": Activity(SDM, "§5.e I.3.p", "menerapkan penegakan disiplin, kode etik dan kode perilaku", (
        "Dokumentasi sosialisasi PP 94/2021 tentang Disiplin PNS dan PP 11/2017 jo. PP 17/2020",
        "Dokumentasi sanksi pelanggaran pegawai (jika ada)",
        "Laporan kehadiran pegawai",
    )),
    "SDM.q": Activity(SDM, "§5.e I.3.q", "memutakhirkan data informasi pegawai secara berkala", (
        "Dokumen/tangkapan layar pemutakhiran data e-HRM",
        "Dokumen/tangkapan layar aktivitas pegawai memutakhirkan e-HRM",
    )),
    "AK.a": Activity(AK, "§5.e I.4.a", "melibatkan Pimpinan secara langsung pada penyusunan perencanaan", (
        "Paparan/notulen arahan Pimpinan dalam penyusunan perencanaan (Renstra/Renja/RKA-K/L)",
        "Bukti kehadiran Pimpinan (undangan, daftar hadir, notulen, materi, dokumentasi)",
    )),
    "AK.b": Activity(AK, "§5.e I.4.b", "melibatkan Pimpinan secara langsung dalam penyusunan penetapan kinerja", (
        "Paparan/notulen arahan Pimpinan dalam penyusunan penetapan kinerja",
        "Bukti kehadiran Pimpinan dalam penyusunan penetapan kinerja (undangan, daftar hadir, notulen, materi, dokumentasi)",
        "Bukti supervisi berjenjang penyusunan penetapan kinerja oleh Pimpinan",
    )),
    "AK.c": Activity(AK, "§5.e I.4.c", "melibatkan Pimpinan untuk memantau pencapaian kinerja secara berkala", (
        "Bukti keikutsertaan Pimpinan dalam rapat pemantauan capaian kinerja dan penyusunan Laporan Kinerja",
        "Disposisi/koreksi Pimpinan pada konsep Laporan Monev Kinerja dan Laporan Kinerja",
        "Bukti supervisi berjenjang penyusunan Laporan Monev Kinerja oleh Pimpinan",
        "Persetujuan Pimpinan pada lembar kendali dokumen",
    )),
    "AK.d": Activity(AK, "§5.e I.4.d", "menyusun dokumen perencanaan kinerja yang berorientasi hasil", (
        "Renstra yang ditandatangani Pimpinan",
        "Perjanjian Kinerja dengan indikator berorientasi hasil (outcome) yang ditandatangani Pimpinan",
        "Renja, DIPA atau RKA yang ditandatangani Pimpinan",
        "SKP seluruh pegawai dengan indikator berorientasi hasil (outcome)",
        "Dokumen revisi perencanaan (jika ada)",
    )),
    "AK.e": Activity(AK, "§5.e I.4.e", "menyusun Indikator Kinerja Utama (IKU) yang memenuhi kriteria SMART", (
        "IKU unit kerja yang ditetapkan Pimpinan",
        "Perjanjian Kinerja dengan indikator berorientasi hasil (outcome) yang ditandatangani Pimpinan",
        "Hasil penilaian SAKIP terkait evaluasi indikator kinerja",
    )),
    "AK.f": Activity(AK, "§5.e I.4.f", "menyusun Laporan Kinerja yang memuat informasi kinerja dan disampaikan tepat waktu", (
        "Laporan Kinerja yang ditandatangani Pimpinan Unit Kerja",
        "Bukti penerimaan Laporan Kinerja oleh pimpinan di atasnya",
    )),
    "AK.g": Activity(AK, "§5.e I.4.g", "menggunakan sistem informasi/mekanisme informasi kinerja", (
        "Dokumentasi penggunaan e-Kinerja, e-SAKIP dan e-Monitoring",
        "SOP e-Kinerja, e-SAKIP dan e-Monitoring",
    )),
    "AK.h": Activity(AK, "§5.e I.4.h", "meningkatkan kapasitas SDM yang menangani akuntabilitas kinerja", (
        "SK Tim Penyelenggara SAKIP Unit Kerja (per tahun) yang ditandatangani Pimpinan",
        "Bukti mengikuti peningkatan kapasitas/evaluasi SAKIP (undangan, daftar hadir, notulen, materi, dokumentasi, SPT)",
    )),
    "PW.a": Activity(PW, "§5.e I.5.a", "melakukan public campaign pengendalian gratifikasi", (
        "Jadwal rencana pelaksanaan public campaign pengendalian gratifikasi",
        "Laporan pelaksanaan public campaign",
        "Bukti public campaign (pengumuman, leaflet/brosur/booklet/banner, tangkapan layar web, WA grup, media sosial)",
    )),
    "PW.b": Activity(PW, "§5.e I.5.b", "melaksanakan pengendalian gratifikasi", (
        "SK Satuan Tugas Pengendalian Gratifikasi Unit Kerja",
        "Catatan pelaporan gratifikasi (jika ada)",
        "Larangan gratifikasi pada pengumuman pengadaan barang/jasa dan di tempat pelayanan publik",
        "Surat Edaran larangan gratifikasi pada hari raya keagamaan",
        "Laporan sosialisasi kepada seluruh pegawai, mitra kerja dan pihak lain",
        "Laporan monev laporan gratifikasi yang disampaikan ke UPG Kementerian",
    )),
    "PW.c": Activity(PW, "§5.e I.5.c", "membangun lingkungan pengendalian", (
        "Dokumen 8 sub-unsur lingkungan pengendalian SPIP",
    )),
    "PW.d": Activity(PW, "§5.e I.5.d", "melakukan penilaian risiko atas pelaksanaan kebijakan", (
        "Hasil penilaian risiko yang ditetapkan Pimpinan",
        "RKA-K/L",
        "Inovasi pengendalian (jika ada)",
    )),
    "PW.e": Activity(PW, "§5.e I.5.e", "melakukan kegiatan pengendalian untuk meminimalkan risiko yang telah diidentifikasi", (
        "Matriks kegiatan pengendalian untuk meminimalkan risiko",
        "Bukti realisasi pelaksanaan kegiatan pengendalian",
        "Inovasi pengendalian (jika ada)",
    )),
    "PW.f": Activity(PW, "§5.e I.5.f", "menginformasikan dan mengomunikasikan SPI kepada seluruh pihak terkait", (
        PUBLICATION,
        "Rekaman video, foto running text dan media sejenis",
        "Hasil self assessment maturitas SPI yang diinformasikan",
    )),
    "PW.g_kebijakan": Activity(PW, "§5.e I.5.g", "menerapkan kebijakan pengaduan masyarakat", (
        "SK Tim Penanganan Pengaduan Masyarakat",
        "SOP Penanganan Pengaduan Masyarakat",
        "Foto/tangkapan layar sarana pengaduan yang disediakan",
    )),
    "PW.g_tindak": Activity(PW, "§5.e I.5.g", "menindaklanjuti pengaduan masyarakat", (
        "Laporan penanganan pengaduan masyarakat",
        "Dokumen tindak lanjut pengaduan",
    )),
    "PW.g_monev": Activity(PW, "§5.e I.5.g", "melakukan monev penanganan pengaduan masyarakat", (
        "Laporan monev penanganan pengaduan masyarakat",
    )),
    "PW.g_evaluasi": Activity(PW, "§5.e I.5.g", "menindaklanjuti hasil evaluasi penanganan pengaduan masyarakat", (
        "Dokumen tindak lanjut hasil evaluasi penanganan pengaduan",
        "Bukti inovasi penanganan pengaduan (jika ada)",
    )),
    "PW.h_terapkan": Activity(PW, "§5.e I.5.h", "menerapkan Whistle-Blowing System", (
        "Kebijakan public campaign WBS yang ditetapkan (rencana program internalisasi WBS dan realisasinya)",
        "Inovasi pelaksanaan WBS (jika ada)",
    )),
    "PW.h_evaluasi": Activity(PW, "§5.e I.5.h", "melakukan evaluasi penerapan Whistle-Blowing System", (
        "Laporan monev pelaksanaan WBS",
    )),
    "PW.h_tindak": Activity(PW, "§5.e I.5.h", "menindaklanjuti hasil evaluasi Whistle-Blowing System", (
        "Bukti tindak lanjut rekomendasi laporan monev WBS",
    )),
    "PW.i": Activity(PW, "§5.e I.5.i", "melakukan identifikasi/pemetaan benturan kepentingan dalam tugas dan fungsi utama", (
        "Peta benturan kepentingan",
    )),
    "PW.j_sosialisasi": Activity(PW, "§5.e I.5.j", "melakukan sosialisasi/internalisasi penanganan benturan kepentingan", (
        "Dokumentasi sosialisasi/internalisasi penanganan benturan kepentingan kepada seluruh pegawai",
    )),
    "PW.j_pelaksanaan": Activity(PW, "§5.e I.5.j", "melaksanakan penanganan benturan kepentingan", (
        "Laporan dan bukti pelaksanaan penanganan benturan kepentingan",
    )),
    "PW.j_evaluasi": Activity(PW, "§5.e I.5.j", "mengevaluasi penanganan benturan kepentingan", (
        "Laporan evaluasi pelaksanaan penanganan benturan kepentingan",
    )),
    "PW.j_tindak": Activity(PW, "§5.e I.5.j", "menindaklanjuti hasil evaluasi penanganan benturan kepentingan", (
        "Bukti dokumen tindak lanjut hasil evaluasi benturan kepentingan",
    )),
    "PP.a_kebijakan": Activity(PP, "§5.e I.6.a", "menerapkan kebijakan standar pelayanan", (
        "Dokumen kebijakan standar pelayanan (mengacu PermenPANRB 15/2014) yang ditandatangani pejabat berwenang",
    )),
    "PP.a_maklumat": Activity(PP, "§5.e I.6.a", "memaklumatkan dan memublikasikan standar pelayanan", (
        "Maklumat standar pelayanan",
        PUBLICATION,
    )),
    "PP.a_reviu": Activity(PP, "§5.e I.6.a", "melakukan reviu dan perbaikan standar pelayanan", (
        "Laporan reviu standar pelayanan",
        "Dokumentasi pelaksanaan dan hasil reviu standar pelayanan",
    )),
    "PP.b": Activity(PP, "§5.e I.6.b", "meningkatkan kompetensi budaya pelayanan prima", (
        "Bukti pelatihan/sosialisasi pelayanan prima yang berkelanjutan dan terjadwal bagi seluruh petugas layanan",
        "Materi, undangan, notulensi, daftar hadir, dokumentasi dan sertifikat (jika ada)",
    )),
    "PP.c": Activity(PP, "§5.e I.6.c", "menginformasikan pelayanan yang mudah diakses melalui berbagai media", (
        PUBLICATION,
        "Bukti informasi pelayanan terhubung dengan SIPPN (sippn.menpan.go.id)",
    )),
    "PP.d": Activity(PP, "§5.e I.6.d", "menerapkan penghargaan dan sanksi bagi petugas pelayanan", (
        "Kebijakan penghargaan dan sanksi bagi pelaksana layanan",
        "Bukti pemberian penghargaan dan sanksi bagi pelaksana layanan",
        "Sistem penilaian disiplin, kinerja dan hasil penilaian pengguna layanan",
        "Program/sertifikat/dokumentasi apresiasi pelaksana layanan",
    )),
    "PP.e": Activity(PP, "§5.e I.6.e", "menerapkan kompensasi kepada penerima layanan bila layanan tidak sesuai standar", (
        "Kebijakan kompensasi bagi penerima layanan yang tidak sesuai standar",
        "Bukti pemberian kompensasi (jika ada)",
    )),
    "PP.f": Activity(PP, "§5.e I.6.f", "menyiapkan sarana layanan terpadu/terintegrasi", (
        "Dokumentasi sarana layanan terpadu (ruang atau sistem layanan terpadu)",
        "SOP Pelayanan Terpadu",
        "SK Pelayanan Terpadu",
        "SK Tim Petugas Pelayanan Terpadu",
    )),
    "PP.g": Activity(PP, "§5.e I.6.g", "membuat inovasi pelayanan", (
        "Dokumentasi penerapan inovasi pelayanan",
        "Bukti mengikuti kompetisi inovasi pelayanan publik KemenPANRB",
    )),
    "PP.h": Activity(PP, "§5.e I.6.h", "menyiapkan media pengaduan dan konsultasi yang terintegrasi dengan SP4N-LAPOR!", (
        "SK Petugas Layanan/Penanganan Pengaduan",
        "Tangkapan layar dashboard admin SP4N-LAPOR!",
        "Tangkapan layar media konsultasi dan pengaduan online",
        "Dokumentasi media konsultasi dan pengaduan offline",
    )),
    "PP.i": Activity(PP, "§5.e I.6.i", "membentuk unit yang mengelola pengaduan dan konsultasi pelayanan", (
        "SK Petugas Layanan/Penanganan Pengaduan",
        "Tangkapan layar dashboard admin SP4N-LAPOR!",
        "Surat penugasan pengelola SP4N-LAPOR! di unit kerja",
    )),
    "PP.j": Activity(PP, "§5.e I.6.j", "mengevaluasi penanganan keluhan/masukan dan konsultasi", (
        "Hasil evaluasi penanganan keluhan/masukan dan konsultasi",
        "Laporan berkala penanganan keluhan/masukan dan konsultasi (online dan offline)",
    )),
    "PP.k": Activity(PP, "§5.e I.6.k–l", "melakukan survei kepuasan masyarakat dan membuka akses atas hasilnya", (
        "Format survei sesuai PermenPANRB 14/2017",
        "Dokumentasi publikasi hasil survei (papan pengumuman, media cetak, web, SIPP, WA grup, media sosial)",
    )),
    "PP.m": Activity(PP, "§5.e I.6.m", "menindaklanjuti hasil survei kepuasan masyarakat", (
        "Laporan monev SKM",
        "Bukti tindak lanjut SKM atas unsur dengan nilai terendah",
    )),
    "PP.n": Activity(PP, "§5.e I.6.n", "menerapkan teknologi informasi dalam memberikan pelayanan", (
        "Aplikasi/website layanan unit kerja",
        "SOP pemberian layanan berbasis teknologi informasi",
    )),
    "PP.o_db": Activity(PP, "§5.e I.6.o", "membangun database pelayanan yang terintegrasi", (
        "Tangkapan layar dashboard atau backend database pelayanan yang terintegrasi",
    )),
    "PP.o_perbaikan": Activity(PP, "§5.e I.6.o", "melakukan perbaikan layanan berbasis TI secara terus-menerus", (
        "Bukti penggunaan TI untuk mempermudah layanan (aplikasi, buku tamu elektronik, antrean elektronik)",
        "Dokumentasi before-after",
        "Riwayat pemutakhiran teknologi informasi layanan",
    )),
    # ---- II. Aspek reform ---------------------------------------------------
    "MP.R.a": Activity(MP, "§5.e II.1.a", "Agen Perubahan merencanakan dan melakukan perubahan konkret yang terintegrasi dalam sistem manajemen", (
        SK_AGEN,
        "Rencana Kerja Agen Perubahan",
        "Laporan Agen Perubahan yang memuat rencana aksi dan jumlah perubahan",
    )),
    "MP.R.b": Activity(MP, "§5.e II.1.b", "melibatkan Pimpinan dengan target capaian reformasi yang jelas di dokumen perencanaan", (
        "Rencana Kerja Pembangunan ZI",
        "Hasil monev bulanan (persentase realisasi kegiatan)",
        "Bukti realisasi kegiatan ZI",
    )),
    "MP.R.c": Activity(MP, "§5.e II.1.c", "membangun budaya kerja positif dan menerapkan nilai organisasi dalam tugas sehari-hari", (
        "Dokumentasi internalisasi core values ASN BerAKHLAK (undangan, notulensi, daftar hadir, foto)",
        "Dokumentasi banner, leaflet atau media komunikasi budaya kerja",
        "Rekapitulasi nilai perilaku pegawai (SKP tahun lalu)",
    )),
    "TL.R.a": Activity(TL, "§5.e II.2.a", "menyusun peta proses bisnis yang dapat menyederhanakan jabatan", (
        "Peta proses bisnis",
        "Uraian penyederhanaan jabatan (analisa sebelum dan sesudah)",
    )),
    "TL.R.b_publik": Activity(TL, "§5.e II.2.b", "menerapkan SPBE terintegrasi yang mempercepat pelayanan publik", (
        "Tangkapan layar aplikasi/website layanan publik yang terintegrasi",
        "Laporan monev penggunaan aplikasi (layanan, integrasi data, capaian efisiensi dan efektivitas)",
    )),
    "TL.R.b_internal": Activity(TL, "§5.e II.2.b", "menerapkan SPBE terintegrasi yang mempercepat layanan internal organisasi", (
        "Laporan monev penggunaan aplikasi (layanan, integrasi data, capaian efisiensi dan efektivitas)",
        "Hasil survei internal pengguna layanan internal berbasis SPBE",
    )),
    "TL.R.c": Activity(TL, "§5.e II.2.c", "melakukan transformasi digital pada proses bisnis utama yang memberi nilai manfaat", (
        "Laporan monev penggunaan aplikasi proses bisnis utama yang menguraikan nilai manfaatnya",
        "Uraian kondisi sebelum dan sesudah transformasi digital",
        "Hasil survei kepuasan pegawai tentang dampak dan manfaat transformasi digital",
    )),
    "TL.R.d": Activity(TL, "§5.e II.2.d", "melakukan transformasi digital pada administrasi pemerintahan yang memberi nilai manfaat", (
        "Laporan monev penggunaan aplikasi administrasi pemerintahan yang menguraikan nilai manfaatnya",
        "Uraian kondisi sebelum dan sesudah transformasi digital",
        "Hasil survei kepuasan pegawai tentang dampak dan manfaat transformasi digital",
    )),
    # The seed names no separate activity for the public-service part of
    # PRB3; its evidence follows II.2.c–d applied to public services.
    "TL.R.e": Activity(TL, "§5.e II.2.b–d", "melakukan transformasi digital pada pelayanan publik yang memberi nilai manfaat", (
        "Laporan monev penggunaan aplikasi pelayanan publik yang menguraikan nilai manfaatnya",
        "Uraian kondisi sebelum dan sesudah transformasi digital",
        "Tangkapan layar aplikasi/website layanan publik yang terintegrasi",
    )),
    "SDM.R.a": Activity(SDM, "§5.e II.3.a", "menerapkan ukuran kinerja individu yang berorientasi hasil (outcome) sesuai levelnya", (
        "SKP berbasis outcome dari perencanaan sampai pelaksanaan (e-Kinerja)",
        "Matriks pembagian peran dan hasil (e-Kinerja)",
    )),
    "SDM.R.b": Activity(SDM, "§5.e II.3.b", "menerapkan hasil assessment sebagai pertimbangan mutasi dan pengembangan karier", (
        "Profil penilaian kompetensi pegawai dan rekap pengembangan kompetensi",
        "Surat usulan promosi/rotasi/mutasi untuk pengembangan karier",
        "Hasil assessment BPSDM terkait GAP kompetensi",
        "Hasil assessment mandiri kualifikasi jabatan dan kinerja",
    )),
    "SDM.R.c": Activity(SDM, "§5.e II.3.c", "menerapkan sanksi disiplin pegawai", (
        "Laporan/rekap pelanggaran disiplin tahun lalu, tahun berjalan dan penetapan sanksinya",
    )),
    "AK.R.a": Activity(AK, "§5.e II.4.a", "meningkatkan capaian kinerja unit kerja", (
        "Perjanjian Kinerja revisi terakhir",
        "Laporan Kinerja unit kerja tahun sebelumnya (y-1)",
    )),
    "AK.R.b": Activity(AK, "§5.e II.4.b", "menerapkan capaian Perjanjian Kinerja sebagai dasar reward and punishment", (
        "Perjanjian Kinerja revisi terakhir",
        "Petunjuk teknis reward and punishment berdasarkan capaian kinerja",
        "SK pemberian reward and punishment kepada pegawai",
    )),
    "AK.R.c": Activity(AK, "§5.e II.4.c", "menerapkan Kerangka Logis Kinerja (PermenPANRB 89/2021) untuk penentuan kinerja seluruh pegawai", (
        "Dokumen kerangka logis kinerja/pohon kinerja dari kinerja utama unit hingga individu",
        "Matriks peran hasil yang selaras dengan Renstra (SMART-C)",
        "SKP pegawai unit kerja",
    )),
    "PW.R.a": Activity(PW, "§5.e II.5.a", "menerapkan mekanisme pengendalian aktivitas secara berjenjang", (
        "Laporan Penerapan Manajemen Risiko (perencanaan, penilaian risiko, pelaksanaan, monitoring, pelaporan)",
        "Bukti tidak ada pembayaran selain yang resmi (jika ada)",
    )),
    "PW.R.b": Activity(PW, "§5.e II.5.b", "menindaklanjuti pengaduan masyarakat", (
        "Laporan berkala penanganan pengaduan (jumlah yang harus ditindaklanjuti, sedang diproses dan selesai)",
        "Dokumen rapat evaluasi penanganan pengaduan",
    )),
    "PW.R.c_lhkpn": Activity(PW, "§5.e II.5.c", "memastikan pegawai wajib lapor menyampaikan LHKPN tepat waktu", (
        "Laporan Penyampaian LHKPN unit kerja (persentase, jumlah wajib lapor dan yang sudah melapor)",
    )),
    "PW.R.c_lhkasn": Activity(PW, "§5.e II.5.c", "memastikan pegawai wajib lapor menyampaikan LHKASN tepat waktu", (
        "Laporan Penyampaian LHKASN unit kerja (persentase, jumlah wajib lapor dan yang sudah melapor)",
    )),
    "PP.R.a": Activity(PP, "§5.e II.6.a", "membuat inovasi yang mendorong pelayanan publik lebih cepat, mudah dan terintegrasi", (
        "Laporan analisa before and after penerapan inovasi pelayanan (termasuk penghematan biaya, jika ada)",
        "Standar layanan",
        "Rekapitulasi pelayanan dengan data waktu lebih cepat, layanan terpadu, alur lebih singkat atau terintegrasi aplikasi",
    )),
    "PP.R.b": Activity(PP, "§5.e II.6.b", "menyiapkan penanganan pengaduan pelayanan melalui berbagai kanal secara responsif", (
        "Media konsultasi dan pengaduan offline dan online dengan petugas khusus, terintegrasi SP4N-LAPOR!",
        "Bukti pengaduan dan konsultasi yang direspons dengan cepat",
    )),
    # ---- Komponen hasil (identification data, §5.b.2) -------------------------
    "H.ipak": Activity("Tim Kerja Pembangunan ZI", "§5.b.2", "menyiapkan data pengguna layanan sebagai responden survei persepsi anti korupsi", (
        "Laporan hasil survei persepsi anti korupsi (IPAK) eksternal",
        "Data pengguna layanan (nama, jenis layanan, tanggal selesai, telepon/WA, e-mail)",
    )),
    "H.ipkp": Activity("Tim Kerja Pembangunan ZI", "§5.b.2", "menyiapkan data pengguna layanan sebagai responden survei persepsi kualitas pelayanan", (
        "Laporan hasil survei persepsi kualitas pelayanan (IPKP) eksternal",
        "Data pengguna layanan (nama, jenis layanan, tanggal selesai, telepon/WA, e-mail)",
    )),
    "H.kinerja": Activity(AK, "§5.b.2, §5.e II.4.a", "menunjukkan capaian kinerja utama yang lebih baik dari tahun sebelumnya", (
        "Perjanjian Kinerja revisi terakhir",
        "Laporan Kinerja tahun berjalan dan tahun sebelumnya (y-1)",
        "Capaian realisasi kinerja terhadap target kinerja utama (y-1 dan y-2)",
    )),
    "H.tlhp": Activity(PW, "§5.b.2", "menindaklanjuti temuan hasil pemeriksaan APIP dan BPK", (
        "Rekapitulasi tindak lanjut hasil pemeriksaan (TLHP) BPK, BPKP dan Inspektorat Jenderal",
        "Bukti tindak lanjut atas setiap temuan",
    )),
}
# fmt: on

# fmt: off
# Question code (LKE 2021) -> activities whose evidence it needs, in order.
QUESTIONS_2021: dict[str, tuple[str, ...]] = {
    "PPA1A": ("MP.tim",), "PPA1B": ("MP.tim_seleksi",),
    "PPA2A": ("MP.a",), "PPA2B": ("MP.a",), "PPA2C": ("MP.b",),
    "PPA3A": ("MP.c1",), "PPA3B": ("MP.c2",), "PPA3C": ("MP.c3",),
    "PPA4A": ("MP.d1",), "PPA4B": ("MP.d2",), "PPA4C": ("MP.d4",), "PPA4D": ("MP.d5",),
    "PPB1A": ("TL.a",), "PPB1B": ("TL.b",), "PPB1C": ("TL.c",),
    "PPB2A": ("TL.d",), "PPB2B": ("TL.e",), "PPB2C": ("TL.f",), "PPB2D": ("TL.g",),
    "PPB3A": ("TL.h",), "PPB3B": ("TL.i",),
    "PPC1A": ("SDM.a",), "PPC1B": ("SDM.b",), "PPC1C": ("SDM.c",),
    "PPC2A": ("SDM.d",), "PPC2B": ("SDM.e",), "PPC2C": ("SDM.f",),
    "PPC3A": ("SDM.g",), "PPC3B": ("SDM.h",), "PPC3C": ("SDM.g_gap",),
    "PPC3D": ("SDM.i",), "PPC3E": ("SDM.j",), "PPC3F": ("SDM.k",),
    "PPC4A": ("SDM.l",), "PPC4B": ("SDM.m",), "PPC4C": ("SDM.n",), "PPC4D": ("SDM.o",),
    "PPC5A": ("SDM.p",), "PPC6A": ("SDM.q",),
    "PPD1A": ("AK.a",), "PPD1B": ("AK.b",), "PPD1C": ("AK.c",),
    "PPD2A": ("AK.d",), "PPD2B": ("AK.d",), "PPD2C": ("AK.e",), "PPD2D": ("AK.e",),
    "PPD2E": ("AK.f",), "PPD2F": ("AK.f",), "PPD2G": ("AK.g",), "PPD2H": ("AK.h",),
    "PPE1A": ("PW.a",), "PPE1B": ("PW.b",),
    "PPE2A": ("PW.c",), "PPE2B": ("PW.d",), "PPE2C": ("PW.e",), "PPE2D": ("PW.f",),
    "PPE3A": ("PW.g_kebijakan",), "PPE3B": ("PW.g_tindak",),
    "PPE3C": ("PW.g_monev",), "PPE3D": ("PW.g_evaluasi",),
    "PPE4A": ("PW.h_terapkan",), "PPE4B": ("PW.h_evaluasi",), "PPE4C": ("PW.h_tindak",),
    "PPE5A": ("PW.i",), "PPE5B": ("PW.j_sosialisasi",), "PPE5C": ("PW.j_pelaksanaan",),
    "PPE5D": ("PW.j_evaluasi",), "PPE5E": ("PW.j_tindak",),
    "PPF1A": ("PP.a_kebijakan",), "PPF1B": ("PP.a_maklumat",),
    "PPF1C": ("PP.a_reviu",), "PPF1D": ("PP.a_maklumat",),
    "PPF2A": ("PP.b",), "PPF2B": ("PP.c",), "PPF2C": ("PP.d",), "PPF2D": ("PP.e",),
    "PPF2E": ("PP.f",), "PPF2F": ("PP.g",),
    "PPF3A": ("PP.h",), "PPF3B": ("PP.i",), "PPF3C": ("PP.j",),
    "PPF4A": ("PP.k",), "PPF4B": ("PP.k",), "PPF4C": ("PP.m",),
    "PPF5A": ("PP.n",), "PPF5B": ("PP.o_db",), "PPF5C": ("PP.o_perbaikan",),
    "PRA1A": ("MP.R.a",), "PRA1B": ("MP.R.a",), "PRA2A": ("MP.R.b",), "PRA3A": ("MP.R.c",),
    "PRB1A": ("TL.R.a",), "PRB2A": ("TL.R.b_publik",), "PRB2B": ("TL.R.b_internal",),
    "PRB3A": ("TL.R.c",), "PRB3B": ("TL.R.d",), "PRB3C": ("TL.R.e",),
    "PRC1A": ("SDM.R.a",), "PRC2A": ("SDM.R.b",), "PRC3A": ("SDM.R.c",),
    "PRD1A": ("AK.R.a",), "PRD2A": ("AK.R.b",), "PRD3A": ("AK.R.c",),
    "PRE1A": ("PW.R.a",), "PRE2A": ("PW.R.b",),
    "PRE3A": ("PW.R.c_lhkpn",), "PRE3B": ("PW.R.c_lhkasn",),
    "PRF1A": ("PP.R.a",), "PRF1B": ("PP.R.a",), "PRF2A": ("PP.R.b",),
    "HBA": ("H.ipak",), "HBB": ("H.kinerja",), "HPA": ("H.ipkp",),
}

# Question code (LKE 2014) -> activities. The 2014 questions are the
# ancestors of the 2021 pemenuhan questions; most map one to one.
QUESTIONS_2014: dict[str, tuple[str, ...]] = {
    "MP1a": ("MP.tim",), "MP1b": ("MP.tim_seleksi",),
    "MP2a": ("MP.a",), "MP2b": ("MP.a",), "MP2c": ("MP.b",),
    "MP3a": ("MP.c1",), "MP3b": ("MP.c2",), "MP3c": ("MP.c3",),
    "MP4a": ("MP.d1",), "MP4b": ("MP.d2",), "MP4c": ("MP.d4",), "MP4d": ("MP.d5",),
    "TL1a": ("TL.a",), "TL1b": ("TL.b",), "TL1c": ("TL.c",),
    "TL2a": ("TL.d",), "TL2b": ("TL.e",), "TL2c": ("TL.f",), "TL2d": ("TL.g",),
    "TL3a": ("TL.h",), "TL3b": ("TL.i",),
    "SDM1a": ("SDM.a",), "SDM1b": ("SDM.b",), "SDM1c": ("SDM.c",),
    "SDM2a": ("SDM.e",), "SDM2b": ("SDM.e",), "SDM2c": ("SDM.f",),
    "SDM3a": ("SDM.g",), "SDM3b": ("SDM.h",), "SDM3c": ("SDM.g_gap",),
    "SDM3d": ("SDM.i",), "SDM3e": ("SDM.j",), "SDM3f": ("SDM.k",),
    "SDM4a": ("SDM.l",), "SDM4b": ("SDM.m",), "SDM4c": ("SDM.n",), "SDM4d": ("SDM.o",),
    "SDM5a": ("SDM.p",), "SDM6a": ("SDM.q",),
    "AK1a": ("AK.a",), "AK1b": ("AK.b",), "AK1c": ("AK.c",),
    "AK2a": ("AK.d",), "AK2b": ("AK.d",), "AK2c": ("AK.e",), "AK2d": ("AK.e",),
    "AK2e": ("AK.f",), "AK2f": ("AK.f",), "AK2g": ("AK.h",), "AK2h": ("AK.h",),
    "PW1a": ("PW.a",), "PW1b": ("PW.b",),
    "PW2a": ("PW.c",), "PW2b": ("PW.d",), "PW2c": ("PW.e",), "PW2d": ("PW.f",),
    "PW3a": ("PW.g_kebijakan",), "PW3b": ("PW.g_tindak",),
    "PW3c": ("PW.g_monev",), "PW3d": ("PW.g_evaluasi",),
    "PW4a": ("PW.h_terapkan",), "PW4b": ("PW.h_terapkan",),
    "PW4c": ("PW.h_evaluasi",), "PW4d": ("PW.h_tindak",),
    "PW5a": ("PW.i",), "PW5b": ("PW.j_sosialisasi",), "PW5c": ("PW.j_pelaksanaan",),
    "PW5d": ("PW.j_evaluasi",), "PW5e": ("PW.j_tindak",),
    "PP1a": ("PP.a_kebijakan",), "PP1b": ("PP.a_maklumat",),
    "PP1c": ("PP.a_kebijakan", "PP.n"), "PP1d": ("PP.a_reviu",),
    "PP2a": ("PP.b",), "PP2b": ("PP.c",), "PP2c": ("PP.d", "PP.e"),
    "PP2d": ("PP.f",), "PP2e": ("PP.g",),
    "PP3a": ("PP.k",), "PP3b": ("PP.k",), "PP3c": ("PP.m",),
    "HB1": ("H.ipak",), "HB2": ("H.tlhp",), "HP1": ("H.ipkp",),
}
# fmt: on


def evidence_for(activity_keys: tuple[str, ...]) -> list[str]:
    """The documents of the given activities, in order, without repeats."""
    seen: dict[str, None] = {}
    for key in activity_keys:
        for doc in ACTIVITIES[key].evidence:
            seen.setdefault(doc, None)
    return list(seen)
