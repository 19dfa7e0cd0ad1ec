<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="th_TH">
<context>
    <name>ActivationScreen</name>
    <message>
        <source>Scan this code with the D.DOPA application</source>
        <translation>สแกนรหัสนี้ด้วยแอปพลิเคชัน D.DOPA</translation>
    </message>
    <message>
        <source>The code can be used until %1.</source>
        <translation>ใช้รหัสนี้ได้ถึง %1</translation>
    </message>
    <message>
        <source>Ask the citizen to open D.DOPA on their phone, allow the camera, and scan this code.</source>
        <translation>ให้ประชาชนเปิดแอป D.DOPA ในโทรศัพท์ อนุญาตให้ใช้กล้อง แล้วสแกนรหัสนี้</translation>
    </message>
    <message>
        <source>The code works once. If it runs out, make a new one.</source>
        <translation>รหัสใช้ได้ครั้งเดียว ถ้าหมดเวลา ให้สร้างรหัสใหม่</translation>
    </message>
    <message>
        <source>The citizen has scanned it</source>
        <translation>ประชาชนสแกนแล้ว</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>รหัสใหม่</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome</source>
        <translation>ยินดีต้อนรับ</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>แตะหน้าจอเพื่อเริ่มต้น</translation>
    </message>
    <message>
        <source>or insert your ID card into the reader</source>
        <translation>หรือเสียบบัตรประจำตัวประชาชนที่เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>เริ่มต้น</translation>
    </message>
</context>
<context>
    <name>BusyScreen</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>กำลังพิมพ์บัตรคิว…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>กรุณารอสักครู่</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>no camera found</source>
        <translation>ไม่พบกล้อง</translation>
    </message>
    <message>
        <source>it stopped sending pictures</source>
        <translation>กล้องหยุดส่งภาพ</translation>
    </message>
    <message>
        <source>it sent no picture in time</source>
        <translation>กล้องไม่ส่งภาพภายในเวลาที่กำหนด</translation>
    </message>
    <message>
        <source>it failed</source>
        <translation>กล้องขัดข้อง</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>กล้อง</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>แหล่งภาพ</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>ยังไม่ได้ตั้งค่า</translation>
    </message>
    <message>
        <source>State</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>ทำงานปกติ</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>ขนาดภาพ</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 พิกเซล</translation>
    </message>
    <message>
        <source>Not working (%1)</source>
        <translation>ไม่ทำงาน (%1)</translation>
    </message>
    <message>
        <source>Last test photo: a card was found and photographed; its edges are %1 px wide (the smaller, the sharper; above %2 px a photo is refused as blurred).</source>
        <translation>ภาพทดสอบล่าสุด: พบบัตรและถ่ายภาพได้ ขอบบัตรกว้าง %1 px (ยิ่งน้อยยิ่งคมชัด เกิน %2 px ภาพจะถูกปฏิเสธว่าเบลอ)</translation>
    </message>
    <message>
        <source>Last test photo: no photo was taken.</source>
        <translation>ภาพทดสอบล่าสุด: ไม่ได้ถ่ายภาพ</translation>
    </message>
    <message>
        <source>Take a test photo</source>
        <translation>ถ่ายภาพทดสอบ</translation>
    </message>
</context>
<context>
    <name>CameraProblemScreen</name>
    <message>
        <source>Try again</source>
        <translation>ลองอีกครั้ง</translation>
    </message>
</context>
<context>
    <name>CardReadingNotice</name>
    <message>
        <source>Reading your card…</source>
        <translation>กำลังอ่านบัตรของท่าน…</translation>
    </message>
    <message>
        <source>Please leave the card in the reader.</source>
        <translation>กรุณาเสียบบัตรค้างไว้ที่เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>The card was taken out too early. Please insert it again and leave it in.</source>
        <translation>ท่านดึงบัตรออกเร็วเกินไป กรุณาเสียบบัตรใหม่และเสียบค้างไว้</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>ไม่สามารถอ่านบัตรนี้ได้ กรุณาใช้บัตรประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>No card was found in the reader. Please insert your ID card.</source>
        <translation>ไม่พบบัตรในเครื่องอ่าน กรุณาเสียบบัตรประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>ไม่สามารถอ่านบัตรของท่านได้</translation>
    </message>
    <message>
        <source>Please take the card out and insert it again, or type your ID number.</source>
        <translation>กรุณาดึงบัตรออกแล้วเสียบใหม่ หรือกรอกเลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ตกลง</translation>
    </message>
</context>
<context>
    <name>CheckPhotoScreen</name>
    <message>
        <source>Compare the photo with the person</source>
        <translation>เทียบรูปถ่ายกับตัวบุคคล</translation>
    </message>
    <message>
        <source>No photo on the card</source>
        <translation>ไม่มีรูปในบัตร</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>เลขประจำตัวประชาชน: %1</translation>
    </message>
    <message>
        <source>Is the person at the counter the person in this photo?</source>
        <translation>บุคคลที่อยู่หน้าเคาน์เตอร์เป็นคนเดียวกับในรูปหรือไม่</translation>
    </message>
    <message>
        <source>Yes, the same person</source>
        <translation>ใช่ เป็นคนเดียวกัน</translation>
    </message>
    <message>
        <source>No</source>
        <translation>ไม่ใช่</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
</context>
<context>
    <name>ChipId</name>
    <message>
        <source>The card did not accept the document number, date of birth or expiry date. Please check them and try again.</source>
        <translation>บัตรไม่ยอมรับเลขที่บัตร วันเกิด หรือวันหมดอายุ กรุณาตรวจสอบแล้วลองอีกครั้ง</translation>
    </message>
    <message>
        <source>The card details you entered are not correct. Please check them.</source>
        <translation>ข้อมูลบัตรที่คุณกรอกไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง</translation>
    </message>
    <message>
        <source>The card's answer could not be checked. Please lift the card and place it on the reader again.</source>
        <translation>ตรวจสอบคำตอบจากบัตรไม่ได้ กรุณายกบัตรขึ้นแล้ววางบนเครื่องอ่านอีกครั้ง</translation>
    </message>
    <message>
        <source>The data on the card could not be read. Please lift the card and place it on the reader again.</source>
        <translation>อ่านข้อมูลในบัตรไม่ได้ กรุณายกบัตรขึ้นแล้ววางบนเครื่องอ่านอีกครั้ง</translation>
    </message>
    <message>
        <source>The card was moved away too early. Please place it on the reader again and keep it still.</source>
        <translation>บัตรถูกยกออกเร็วเกินไป กรุณาวางบัตรบนเครื่องอ่านอีกครั้งและวางไว้นิ่ง ๆ</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your chip citizen ID card.</source>
        <translation>อ่านบัตรนี้ที่นี่ไม่ได้ กรุณาใช้บัตรประจำตัวประชาชนแบบมีชิปของคุณ</translation>
    </message>
    <message>
        <source>No card was found. Please place your citizen ID card on the reader.</source>
        <translation>ไม่พบบัตร กรุณาวางบัตรประจำตัวประชาชนบนเครื่องอ่าน</translation>
    </message>
    <message>
        <source>Your card could not be read. Please try again, or ask a staff member for help.</source>
        <translation>อ่านบัตรของคุณไม่ได้ กรุณาลองอีกครั้ง หรือขอความช่วยเหลือจากเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>Please check the card number.</source>
        <translation>กรุณาตรวจสอบเลขที่บัตร</translation>
    </message>
    <message>
        <source>Please check the date of birth.</source>
        <translation>กรุณาตรวจสอบวันเกิด</translation>
    </message>
    <message>
        <source>Please check the expiry date.</source>
        <translation>กรุณาตรวจสอบวันหมดอายุ</translation>
    </message>
    <message>
        <source>Please check the 6-digit card access number on the front of the card.</source>
        <translation>กรุณาตรวจสอบรหัสเข้าถึงบัตร 6 หลักที่ด้านหน้าบัตร</translation>
    </message>
    <message>
        <source>The chip data is genuine.</source>
        <translation>ข้อมูลในชิปเป็นของแท้</translation>
    </message>
    <message>
        <source>Warning: the chip data could not be confirmed as genuine.</source>
        <translation>คำเตือน: ยืนยันไม่ได้ว่าข้อมูลในชิปเป็นของแท้</translation>
    </message>
    <message>
        <source>The chip data was read but not checked for authenticity.</source>
        <translation>อ่านข้อมูลในชิปแล้ว แต่ยังไม่ได้ตรวจสอบว่าเป็นของแท้หรือไม่</translation>
    </message>
</context>
<context>
    <name>ChipReadingScreen</name>
    <message>
        <source>Reading your card…</source>
        <translation>กำลังอ่านบัตรของท่าน…</translation>
    </message>
    <message>
        <source>Please keep the card still on the reader.</source>
        <translation>กรุณาวางบัตรนิ่ง ๆ บนเครื่องอ่าน</translation>
    </message>
    <message>
        <source>Place your card on the reader</source>
        <translation>วางบัตรของท่านบนเครื่องอ่าน</translation>
    </message>
    <message>
        <source>Keep it there until the kiosk has finished reading it.</source>
        <translation>วางไว้จนกว่าเครื่องจะอ่านเสร็จ</translation>
    </message>
    <message>
        <source>The card was taken away too early. Please place it again and keep it still.</source>
        <translation>นำบัตรออกเร็วเกินไป กรุณาวางบัตรอีกครั้งและวางนิ่ง ๆ</translation>
    </message>
    <message>
        <source>Your card could not be read. Place it on the reader again, or go back and type your ID number.</source>
        <translation>อ่านบัตรไม่ได้ กรุณาวางบัตรบนเครื่องอ่านอีกครั้ง หรือย้อนกลับไปพิมพ์เลขประจำตัว</translation>
    </message>
</context>
<context>
    <name>ConnectivityIndicator</name>
    <message>
        <source>Online</source>
        <translation>เชื่อมต่อเครือข่ายแล้ว</translation>
    </message>
    <message>
        <source>Working offline — nothing is lost</source>
        <translation>ไม่มีเครือข่ายชั่วคราว — ข้อมูลของท่านยังบันทึกไว้ครบ</translation>
    </message>
</context>
<context>
    <name>CounterScreen</name>
    <message>
        <source>Officer: %1</source>
        <translation>เจ้าหน้าที่: %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>ขั้นตอนที่ %1 จาก %2</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Check again</source>
        <translation>ตรวจอีกครั้ง</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  ย้อนกลับ</translation>
    </message>
</context>
<context>
    <name>FingerprintCaptureScreen</name>
    <message>
        <source>right index finger</source>
        <translation>นิ้วชี้ขวา</translation>
    </message>
    <message>
        <source>left index finger</source>
        <translation>นิ้วชี้ซ้าย</translation>
    </message>
    <message>
        <source>Lift your finger</source>
        <translation>ยกนิ้วขึ้น</translation>
    </message>
    <message>
        <source>Place the same finger again</source>
        <translation>วางนิ้วเดิมอีกครั้ง</translation>
    </message>
    <message>
        <source>Place your finger again, flatter</source>
        <translation>วางนิ้วอีกครั้ง ให้แนบราบกว่าเดิม</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner again</source>
        <translation>วาง%1บนเครื่องสแกนอีกครั้ง</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner</source>
        <translation>วาง%1บนเครื่องสแกน</translation>
    </message>
    <message>
        <source>No finger was felt. Press your finger on the glass and keep it still.</source>
        <translation>เครื่องยังไม่พบนิ้ว กดนิ้วลงบนกระจกแล้วอยู่นิ่ง ๆ</translation>
    </message>
    <message>
        <source>The print was smudged. Wipe your finger dry and clean, then press gently.</source>
        <translation>ลายนิ้วมือไม่ชัด เช็ดนิ้วให้แห้งและสะอาด แล้วกดเบา ๆ</translation>
    </message>
    <message>
        <source>Too little of the finger touched the glass. Lay it flat, covering the whole glass.</source>
        <translation>นิ้วแตะกระจกน้อยเกินไป วางนิ้วให้แนบราบเต็มกระจก</translation>
    </message>
    <message>
        <source>The scanner could not see the finger. Please place it again.</source>
        <translation>เครื่องสแกนมองไม่เห็นนิ้ว กรุณาวางอีกครั้ง</translation>
    </message>
    <message>
        <source>The two scans did not match. Use the same finger both times and keep it still.</source>
        <translation>การสแกนสองครั้งไม่ตรงกัน ใช้นิ้วเดียวกันทั้งสองครั้งและอยู่นิ่ง ๆ</translation>
    </message>
    <message>
        <source>The fingerprint scanner is not working. Please call the officer.</source>
        <translation>เครื่องสแกนลายนิ้วมือไม่ทำงาน กรุณาเรียกเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>Quality: good</source>
        <translation>คุณภาพ: ดี</translation>
    </message>
    <message>
        <source>Quality: fair</source>
        <translation>คุณภาพ: พอใช้</translation>
    </message>
    <message>
        <source>Quality: low</source>
        <translation>คุณภาพ: ต่ำ</translation>
    </message>
    <message>
        <source>Fingerprint scanner test</source>
        <translation>ทดสอบเครื่องสแกนลายนิ้วมือ</translation>
    </message>
    <message>
        <source>Fingerprint of the index finger</source>
        <translation>ลายนิ้วมือนิ้วชี้</translation>
    </message>
    <message>
        <source>Scan %1 of %2</source>
        <translation>สแกนครั้งที่ %1 จาก %2</translation>
    </message>
    <message>
        <source>%1 of %2 scans done</source>
        <translation>สแกนแล้ว %1 จาก %2 ครั้ง</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Let us try again</source>
        <translation>ลองใหม่อีกครั้ง</translation>
    </message>
    <message>
        <source>Tries left with this finger: %1</source>
        <translation>นิ้วนี้ลองได้อีก %1 ครั้ง</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>ลองอีกครั้ง</translation>
    </message>
    <message>
        <source>The %1 could not be scanned</source>
        <translation>สแกน%1ไม่ได้</translation>
    </message>
    <message>
        <source>Use the %1</source>
        <translation>ใช้%1</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>หยุดทดสอบ</translation>
    </message>
    <message>
        <source>Hand over to the officer</source>
        <translation>ให้เจ้าหน้าที่ดำเนินการต่อ</translation>
    </message>
    <message>
        <source>Fingerprint recorded</source>
        <translation>บันทึกลายนิ้วมือแล้ว</translation>
    </message>
    <message>
        <source>Test capture done</source>
        <translation>สแกนทดสอบเสร็จแล้ว</translation>
    </message>
    <message>
        <source>The two scans match (score %1). %2</source>
        <translation>การสแกนสองครั้งตรงกัน (คะแนน %1) %2</translation>
    </message>
    <message>
        <source>Templates stored on the module: %1</source>
        <translation>แม่แบบลายนิ้วมือที่เก็บในเครื่อง: %1</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ต่อไป</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>เสร็จ</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>ทดสอบอีกครั้ง</translation>
    </message>
</context>
<context>
    <name>FingerprintFailedScreen</name>
    <message>
        <source>The fingerprint could not be recorded</source>
        <translation>บันทึกลายนิ้วมือไม่ได้</translation>
    </message>
    <message>
        <source>Neither index finger gave a good scan. Clean the scanner glass and try again, or end this enrollment and ask the citizen to come back.</source>
        <translation>นิ้วชี้ทั้งสองข้างสแกนไม่ผ่าน เช็ดกระจกเครื่องสแกนแล้วลองใหม่ หรือจบการลงทะเบียนนี้และนัดให้ประชาชนกลับมาใหม่</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>ลองอีกครั้ง</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>จบการลงทะเบียน</translation>
    </message>
</context>
<context>
    <name>FingerprintPage</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>เครื่องสแกนลายนิ้วมือ</translation>
    </message>
    <message>
        <source>Connected at</source>
        <translation>เชื่อมต่อที่</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>ยังไม่ได้ตั้งค่า</translation>
    </message>
    <message>
        <source>State</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>ทำงานปกติ</translation>
    </message>
    <message>
        <source>Templates stored</source>
        <translation>แม่แบบที่เก็บไว้</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 จาก %2</translation>
    </message>
    <message>
        <source>Security level</source>
        <translation>ระดับความปลอดภัย</translation>
    </message>
    <message>
        <source>%1 (1 lenient – 5 strict)</source>
        <translation>%1 (1 หลวม – 5 เข้มงวด)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>ความเร็ว</translation>
    </message>
    <message>
        <source>%1 baud</source>
        <translation>%1 baud</translation>
    </message>
    <message>
        <source>Not answering (%1)</source>
        <translation>ไม่ตอบสนอง (%1)</translation>
    </message>
    <message>
        <source>Last test capture: the two scans match, score %1; templates on the module: %2.</source>
        <translation>สแกนทดสอบล่าสุด: การสแกนสองครั้งตรงกัน คะแนน %1 แม่แบบในเครื่อง: %2</translation>
    </message>
    <message>
        <source>Last test capture failed (%1).</source>
        <translation>สแกนทดสอบล่าสุดไม่สำเร็จ (%1)</translation>
    </message>
    <message>
        <source>Test capture</source>
        <translation>สแกนทดสอบ</translation>
    </message>
</context>
<context>
    <name>FinishedScreen</name>
    <message>
        <source>Enrollment complete</source>
        <translation>ลงทะเบียนเสร็จแล้ว</translation>
    </message>
    <message>
        <source>The enrollment is saved. The digital ID card appears in the citizen's D.DOPA application. Give the ID card back to the citizen.</source>
        <translation>บันทึกการลงทะเบียนแล้ว บัตรประชาชนดิจิทัลจะแสดงในแอป D.DOPA ของประชาชน คืนบัตรประจำตัวประชาชนให้ประชาชน</translation>
    </message>
    <message>
        <source>Digital ID card</source>
        <translation>บัตรประชาชนดิจิทัล</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>คนถัดไป</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>◀  Back</source>
        <translation>◀  ย้อนกลับ</translation>
    </message>
    <message>
        <source>End  ✕</source>
        <translation>จบการใช้งาน  ✕</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>ขอบคุณที่ใช้บริการ</translation>
    </message>
    <message>
        <source>Please take your printed slip.</source>
        <translation>กรุณารับเอกสารที่พิมพ์ออกมา</translation>
    </message>
    <message>
        <source>Do not forget your ID card.</source>
        <translation>อย่าลืมบัตรประจำตัวประชาชนของท่าน</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>เสร็จสิ้น</translation>
    </message>
</context>
<context>
    <name>IdNumberScreen</name>
    <message>
        <source>Please type the ID number.</source>
        <translation>กรุณาพิมพ์เลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>An ID number has only digits.</source>
        <translation>เลขประจำตัวประชาชนมีแต่ตัวเลข</translation>
    </message>
    <message>
        <source>The ID number has 13 digits.</source>
        <translation>เลขประจำตัวประชาชนมี 13 หลัก</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the last digit does not fit. Check each digit.</source>
        <translation>เลขประจำตัวประชาชนไม่ถูกต้อง หลักสุดท้ายไม่ตรง ตรวจทีละหลัก</translation>
    </message>
    <message>
        <source>This is not a valid ID number.</source>
        <translation>เลขประจำตัวประชาชนไม่ถูกต้อง</translation>
    </message>
    <message>
        <source>The citizen's 13-digit ID number</source>
        <translation>เลขประจำตัวประชาชน 13 หลักของประชาชน</translation>
    </message>
    <message>
        <source>Type the number the citizen tells you, or confirm the number on the card.</source>
        <translation>พิมพ์เลขที่ประชาชนบอก หรือยืนยันเลขบนบัตร</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ต่อไป</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Use the number on the card (%1)</source>
        <translation>ใช้เลขบนบัตร (%1)</translation>
    </message>
    <message>
        <source>This number is not the number on the card. Check it with the citizen.</source>
        <translation>เลขนี้ไม่ตรงกับเลขบนบัตร ตรวจสอบกับประชาชนอีกครั้ง</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Please type your ID number.</source>
        <translation>กรุณากรอกเลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>An ID number has only digits. Please check and type again.</source>
        <translation>เลขประจำตัวประชาชนมีเฉพาะตัวเลข กรุณาตรวจสอบและกรอกใหม่</translation>
    </message>
    <message>
        <source>An ID number has %1 digits. Please check and type again.</source>
        <translation>เลขประจำตัวประชาชนมี %1 หลัก กรุณาตรวจสอบและกรอกใหม่</translation>
    </message>
    <message>
        <source>This is not a valid ID number. Please check each digit.</source>
        <translation>เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบทีละหลัก</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>เลขประจำตัวประชาชนไม่ถูกต้อง: สามหลักแรกไม่ถูกต้อง</translation>
    </message>
    <message>
        <source>This is not a valid ID number: digits 4 to 6 are wrong.</source>
        <translation>เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 4 ถึง 6 ไม่ถูกต้อง</translation>
    </message>
    <message>
        <source>Place your CCCD on the reader, or type your ID number (%1 digits):</source>
        <translation>วางบัตร CCCD บนเครื่องอ่าน หรือพิมพ์เลขประจำตัว (%1 หลัก):</translation>
    </message>
    <message>
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>เสียบบัตรประจำตัวประชาชนที่เครื่องอ่านบัตร หรือกรอกเลขประจำตัวประชาชน (%1 หลัก):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ถัดไป</translation>
    </message>
    <message>
        <source>I have a chip ID card: read it</source>
        <translation>ฉันมีบัตรประจำตัวแบบชิป: อ่านบัตร</translation>
    </message>
    <message>
        <source>This card could not be verified, so it cannot be used here. Please ask an officer at the counter for help.</source>
        <translation>ไม่สามารถยืนยันบัตรนี้ได้ จึงใช้ที่นี่ไม่ได้ กรุณาขอความช่วยเหลือจากเจ้าหน้าที่ที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>ไม่สามารถอ่านบัตรนี้ที่นี่ได้ กรุณาใช้บัตรประจำตัวประชาชนของท่าน</translation>
    </message>
</context>
<context>
    <name>InsertCardScreen</name>
    <message>
        <source>Insert the citizen's ID card</source>
        <translation>เสียบบัตรประจำตัวประชาชนของประชาชน</translation>
    </message>
    <message>
        <source>Ask the citizen for their latest national ID card and insert it into the reader. Its data is read from the chip.</source>
        <translation>ขอบัตรประจำตัวประชาชนใบล่าสุดจากประชาชน แล้วเสียบเข้าเครื่องอ่านบัตร ข้อมูลจะอ่านจากชิป</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>ออกจากระบบ</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Bigger text</source>
        <translation>ตัวอักษรใหญ่ขึ้น</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>ความคมชัดสูง</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>เลือกภาษา</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>Technician mode is locked</source>
        <translation>โหมดช่างเทคนิคถูกล็อก</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again after %1.</source>
        <translation>ใส่ PIN ผิดหลายครั้งเกินไป ลองใหม่หลัง %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ตกลง</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Take a queue number for a counter</source>
        <translation>รับบัตรคิวเพื่อติดต่อเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>See the data on my ID card</source>
        <translation>ตรวจสอบข้อมูลตนเองจากบัตรประชาชน</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>สวัสดี คุณ%1</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>สวัสดี</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>เลขประจำตัวประชาชน: %1</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>ท่านต้องการทำรายการใด</translation>
    </message>
</context>
<context>
    <name>MrzEntryScreen</name>
    <message>
        <source>12 digits, on the front of the card</source>
        <translation>12 หลัก อยู่ด้านหน้าบัตร</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>วว/ดด/ปปปป</translation>
    </message>
    <message>
        <source>✓  Back of the card: %1</source>
        <translation>✓  ด้านหลังบัตร: %1</translation>
    </message>
    <message>
        <source>Please fill this in.</source>
        <translation>กรุณากรอกช่องนี้</translation>
    </message>
    <message>
        <source>Please type the whole date: dd/mm/yyyy.</source>
        <translation>กรุณาพิมพ์วันที่ให้ครบ: วว/ดด/ปปปป</translation>
    </message>
    <message>
        <source>Only digits, please.</source>
        <translation>กรุณาพิมพ์เฉพาะตัวเลข</translation>
    </message>
    <message>
        <source>Type the 12 digits of your ID number.</source>
        <translation>กรุณาพิมพ์เลขประจำตัว 12 หลัก</translation>
    </message>
    <message>
        <source>The last digit does not match. Please check the number.</source>
        <translation>ตัวเลขหลักสุดท้ายไม่ตรงกัน กรุณาตรวจสอบเลขอีกครั้ง</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>เลขประจำตัวไม่ถูกต้อง: ตัวเลขสามหลักแรกผิด</translation>
    </message>
    <message>
        <source>This date does not exist. Please check it.</source>
        <translation>ไม่มีวันที่นี้ กรุณาตรวจสอบอีกครั้ง</translation>
    </message>
    <message>
        <source>This date is in the future. Please check it.</source>
        <translation>วันที่นี้ยังมาไม่ถึง กรุณาตรวจสอบอีกครั้ง</translation>
    </message>
    <message>
        <source>The expiry must come after the date of birth.</source>
        <translation>วันหมดอายุต้องอยู่หลังวันเกิด</translation>
    </message>
    <message>
        <source>This ID number does not match the year of birth. Please check both.</source>
        <translation>เลขประจำตัวไม่ตรงกับปีเกิด กรุณาตรวจสอบทั้งสองช่อง</translation>
    </message>
    <message>
        <source>The card did not accept the document number, date of birth or expiry. Please check them.</source>
        <translation>บัตรไม่ยอมรับเลขที่บัตร วันเกิด หรือวันหมดอายุ กรุณาตรวจสอบอีกครั้ง</translation>
    </message>
    <message>
        <source>The back of the card could not be read. Please type the numbers.</source>
        <translation>อ่านด้านหลังบัตรไม่ได้ กรุณาพิมพ์ตัวเลขเอง</translation>
    </message>
    <message>
        <source>Your card is on the reader. Type what is printed on it:</source>
        <translation>บัตรอยู่บนเครื่องอ่านแล้ว กรุณาพิมพ์ข้อมูลที่พิมพ์อยู่บนบัตร:</translation>
    </message>
    <message>
        <source>Type what is printed on your card, then place it on the reader:</source>
        <translation>พิมพ์ข้อมูลที่พิมพ์อยู่บนบัตร แล้ววางบัตรบนเครื่องอ่าน:</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>เลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>วันเกิด</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>วันบัตรหมดอายุ</translation>
    </message>
    <message>
        <source>Read my card</source>
        <translation>อ่านบัตรของฉัน</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>สแกนด้วยกล้อง</translation>
    </message>
</context>
<context>
    <name>OwnDataScreen</name>
    <message>
        <source>Finish</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Please insert your ID card</source>
        <translation>กรุณาเสียบบัตรประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Your data is read from the card's chip. Insert the card into the reader.</source>
        <translation>ระบบอ่านข้อมูลจากชิปในบัตร กรุณาเสียบบัตรที่เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>The data on your ID card</source>
        <translation>ข้อมูลในบัตรประจำตัวประชาชนของท่าน</translation>
    </message>
    <message>
        <source>Only you can see this. It disappears when you take out your card.</source>
        <translation>ข้อมูลนี้แสดงเฉพาะท่าน และจะหายไปเมื่อท่านดึงบัตรออก</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>เลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ชื่อ-นามสกุล</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>ชื่อภาษาอังกฤษ</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>วันเกิด</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>เพศ</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>สัญชาติ</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>เชื้อชาติ</translation>
    </message>
    <message>
        <source>Religion</source>
        <translation>ศาสนา</translation>
    </message>
    <message>
        <source>Place of origin</source>
        <translation>ภูมิลำเนาเดิม</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Place of residence</source>
        <translation>ที่อยู่ตามทะเบียนบ้าน</translation>
    </message>
    <message>
        <source>Identifying marks</source>
        <translation>ตำหนิรูปพรรณ</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>วันออกบัตร</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>วันบัตรหมดอายุ</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>บิดา</translation>
    </message>
    <message>
        <source>Mother</source>
        <translation>มารดา</translation>
    </message>
    <message>
        <source>Former ID number</source>
        <translation>เลขบัตรเดิม</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>ตลอดชีพ</translation>
    </message>
    <message>
        <source>No expiry date</source>
        <translation>ไม่มีวันหมดอายุ</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>ชาย</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>หญิง</translation>
    </message>
    <message>
        <source>✓  The chip was checked: this data is genuine.</source>
        <translation>✓  ตรวจสอบชิปแล้ว: ข้อมูลนี้เป็นของจริง</translation>
    </message>
    <message>
        <source>This kiosk could not check the chip's certificate. If something looks wrong, ask an officer.</source>
        <translation>เครื่องนี้ตรวจสอบใบรับรองของชิปไม่ได้ หากข้อมูลดูไม่ถูกต้อง กรุณาสอบถามเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>This card could not be verified. Please ask an officer for help.</source>
        <translation>ไม่สามารถยืนยันบัตรนี้ได้ กรุณาขอความช่วยเหลือจากเจ้าหน้าที่</translation>
    </message>
</context>
<context>
    <name>PasscodeScreen</name>
    <message>
        <source>Please type a passcode.</source>
        <translation>กรุณาพิมพ์รหัสผ่าน</translation>
    </message>
    <message>
        <source>Use digits only.</source>
        <translation>ใช้ตัวเลขเท่านั้น</translation>
    </message>
    <message>
        <source>The passcode has %1 digits.</source>
        <translation>รหัสผ่านมี %1 หลัก</translation>
    </message>
    <message>
        <source>Digits in a row like 1234 or 4321 are too easy to guess. Choose another.</source>
        <translation>ตัวเลขเรียงกันอย่าง 1234 หรือ 4321 เดาง่ายเกินไป เลือกรหัสอื่น</translation>
    </message>
    <message>
        <source>One digit is used too often, like 1111. Choose another.</source>
        <translation>มีตัวเลขซ้ำมากเกินไป อย่าง 1111 เลือกรหัสอื่น</translation>
    </message>
    <message>
        <source>The two passcodes are not the same. Please set it again.</source>
        <translation>รหัสผ่านสองครั้งไม่เหมือนกัน กรุณาตั้งใหม่</translation>
    </message>
    <message>
        <source>That is not the passcode you set. Please try again.</source>
        <translation>นี่ไม่ใช่รหัสผ่านที่ตั้งไว้ กรุณาลองอีกครั้ง</translation>
    </message>
    <message>
        <source>The citizen sets a %1-digit passcode</source>
        <translation>ประชาชนตั้งรหัสผ่าน %1 หลัก</translation>
    </message>
    <message>
        <source>Not more than %1 digits in a row (like 1234 or 4321), no digit more than %2 times (like 1111). The passcode is not shown.</source>
        <translation>ตัวเลขเรียงกันได้ไม่เกิน %1 ตัว (เช่น 1234 หรือ 4321) ตัวเลขเดียวกันได้ไม่เกิน %2 ครั้ง (เช่น 1111) รหัสจะไม่แสดงบนจอ</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  ย้อนกลับ</translation>
    </message>
    <message>
        <source>Type the same passcode again</source>
        <translation>พิมพ์รหัสผ่านเดิมอีกครั้ง</translation>
    </message>
    <message>
        <source>Both passcodes must be the same.</source>
        <translation>รหัสผ่านทั้งสองครั้งต้องเหมือนกัน</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>ความยินยอม</translation>
    </message>
    <message>
        <source>I agree that the Department of Provincial Administration registers my digital ID with my ID card data and fingerprint, under the terms of the D.DOPA service.</source>
        <translation>ข้าพเจ้ายินยอมให้กรมการปกครองลงทะเบียนสิ่งแทนเอกลักษณ์ดิจิทัลของข้าพเจ้า ด้วยข้อมูลบัตรประจำตัวประชาชนและลายนิ้วมือ ตามข้อตกลงการใช้บริการ D.DOPA</translation>
    </message>
    <message>
        <source>To agree, type your passcode once more.</source>
        <translation>ถ้ายินยอม ให้พิมพ์รหัสผ่านอีกครั้ง</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>ไม่ยินยอม</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ต่อไป</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
</context>
<context>
    <name>PhotoCapture</name>
    <message>
        <source>Photo of the front of your ID card</source>
        <translation>ถ่ายรูปด้านหน้าบัตรประชาชน</translation>
    </message>
    <message>
        <source>Photo of the back of your ID card</source>
        <translation>ถ่ายรูปด้านหลังบัตรประชาชน</translation>
    </message>
    <message>
        <source>Photo of your face</source>
        <translation>ถ่ายรูปใบหน้าของท่าน</translation>
    </message>
    <message>
        <source>Photo of your document</source>
        <translation>ถ่ายรูปเอกสารของท่าน</translation>
    </message>
    <message>
        <source>Hold the front of your card flat under the camera.</source>
        <translation>ถือด้านหน้าของบัตรให้ตรงใต้กล้อง</translation>
    </message>
    <message>
        <source>Turn the card over and hold the back under the camera.</source>
        <translation>พลิกบัตร แล้วถือด้านหลังไว้ใต้กล้อง</translation>
    </message>
    <message>
        <source>Look straight at the camera. Take off glasses and hat.</source>
        <translation>มองตรงไปที่กล้อง ถอดแว่นตาและหมวกออก</translation>
    </message>
    <message>
        <source>Hold the page flat under the camera.</source>
        <translation>ถือหน้ากระดาษให้ตรงใต้กล้อง</translation>
    </message>
    <message>
        <source>Good. Hold still…</source>
        <translation>ดีแล้ว ถือนิ่ง ๆ…</translation>
    </message>
    <message>
        <source>Hold your card in front of the camera</source>
        <translation>ถือบัตรไว้หน้ากล้อง</translation>
    </message>
    <message>
        <source>Show the whole card: move it to the middle</source>
        <translation>ให้เห็นทั้งบัตร: เลื่อนบัตรมาไว้ตรงกลาง</translation>
    </message>
    <message>
        <source>Move closer to the camera</source>
        <translation>ขยับเข้าใกล้กล้องอีกนิด</translation>
    </message>
    <message>
        <source>Move a little further away</source>
        <translation>ขยับออกห่างอีกนิด</translation>
    </message>
    <message>
        <source>It is too dark: move into the light</source>
        <translation>มืดเกินไป: ขยับไปที่ที่มีแสงสว่าง</translation>
    </message>
    <message>
        <source>Tilt it a little to avoid reflections</source>
        <translation>เอียงเล็กน้อยเพื่อไม่ให้แสงสะท้อน</translation>
    </message>
    <message>
        <source>Hold still</source>
        <translation>ถือนิ่ง ๆ</translation>
    </message>
    <message>
        <source>The picture is blurred: hold still</source>
        <translation>ภาพไม่ชัด: ถือนิ่ง ๆ</translation>
    </message>
    <message>
        <source>Look at the camera</source>
        <translation>มองที่กล้อง</translation>
    </message>
    <message>
        <source>Move so that your face is in the middle</source>
        <translation>ขยับให้ใบหน้าอยู่ตรงกลาง</translation>
    </message>
    <message>
        <source>Only one person, please</source>
        <translation>กรุณาอยู่หน้ากล้องคนเดียว</translation>
    </message>
    <message>
        <source>The camera is not working.</source>
        <translation>กล้องไม่ทำงาน</translation>
    </message>
    <message>
        <source>The camera stopped working.</source>
        <translation>กล้องหยุดทำงาน</translation>
    </message>
    <message>
        <source>The camera is not sending pictures.</source>
        <translation>กล้องไม่ส่งภาพมา</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>กรุณาลองอีกครั้ง ถ้ายังเป็นอยู่ กรุณาสอบถามที่เคาน์เตอร์</translation>
    </message>
</context>
<context>
    <name>PhotoReviewScreen</name>
    <message>
        <source>Is this photo good?</source>
        <translation>รูปนี้ใช้ได้ไหม</translation>
    </message>
    <message>
        <source>Your whole face should be sharp and well lit.</source>
        <translation>ใบหน้าทั้งหมดต้องชัดและมีแสงพอ</translation>
    </message>
    <message>
        <source>All the writing should be sharp and easy to read, with no reflections.</source>
        <translation>ตัวหนังสือทั้งหมดต้องชัด อ่านง่าย และไม่มีแสงสะท้อน</translation>
    </message>
    <message>
        <source>Take it again</source>
        <translation>ถ่ายใหม่</translation>
    </message>
    <message>
        <source>Use this photo</source>
        <translation>ใช้รูปนี้</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Enter the technician PIN</source>
        <translation>ใส่ PIN ช่างเทคนิค</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ต่อไป</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  ย้อนกลับ</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %1</source>
        <translation>PIN ไม่ถูกต้อง ลองได้อีก %1 ครั้ง</translation>
    </message>
    <message>
        <source>No technician PIN is set up on this kiosk (technician.pin_hash).</source>
        <translation>ตู้นี้ยังไม่ได้ตั้ง PIN ช่างเทคนิค (technician.pin_hash)</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>รอพิมพ์</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>กำลังพิมพ์</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>พิมพ์แล้ว</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>ถูกขัดจังหวะ</translation>
    </message>
    <message>
        <source>Slips go to</source>
        <translation>ส่งใบพิมพ์ไปที่</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>คิวงานพิมพ์</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>ว่าง</translation>
    </message>
    <message>
        <source>The test page was printed.</source>
        <translation>พิมพ์หน้าทดสอบแล้ว</translation>
    </message>
    <message>
        <source>The test page was not printed (%1).</source>
        <translation>พิมพ์หน้าทดสอบไม่ได้ (%1)</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>พิมพ์หน้าทดสอบ</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>ขออภัย ไม่สามารถออกบัตรคิวได้</translation>
    </message>
    <message>
        <source>This machine has no more numbers for this service today. Please ask at the counter.</source>
        <translation>เครื่องนี้ไม่มีหมายเลขคิวสำหรับบริการนี้เหลือแล้วในวันนี้ กรุณาติดต่อที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>กรุณาลองอีกครั้ง หากยังไม่ได้ กรุณาสอบถามเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>ลองอีกครั้ง</translation>
    </message>
</context>
<context>
    <name>QueueCategoryScreen</name>
    <message>
        <source>Which service do you need?</source>
        <translation>ท่านต้องการติดต่อเรื่องใด</translation>
    </message>
    <message>
        <source>Touch one. You will get a printed number for the counter.</source>
        <translation>แตะเลือกหนึ่งรายการ ท่านจะได้รับบัตรคิวสำหรับติดต่อเจ้าหน้าที่</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <source>Card readers</source>
        <translation>เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>This kiosk uses</source>
        <translation>ตู้นี้ใช้</translation>
    </message>
    <message>
        <source>PC/SC reader %1</source>
        <translation>เครื่องอ่าน PC/SC %1</translation>
    </message>
    <message>
        <source>PC/SC readers</source>
        <translation>เครื่องอ่าน PC/SC</translation>
    </message>
    <message>
        <source>none found (is pcscd running? is a reader plugged in?)</source>
        <translation>ไม่พบ (pcscd ทำงานอยู่หรือไม่ เสียบเครื่องอ่านแล้วหรือยัง)</translation>
    </message>
</context>
<context>
    <name>SaveFailedScreen</name>
    <message>
        <source>The enrollment could not be saved</source>
        <translation>บันทึกการลงทะเบียนไม่ได้</translation>
    </message>
    <message>
        <source>Nothing was recorded. Try again; if it fails again, call a technician.</source>
        <translation>ยังไม่มีการบันทึกใด ๆ ลองใหม่อีกครั้ง ถ้ายังไม่ได้ ให้เรียกช่างเทคนิค</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>ลองอีกครั้ง</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>จบการลงทะเบียน</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Office</source>
        <translation>สำนักงาน</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>ตู้บริการ</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>โปรไฟล์ประเทศ</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>ภาษา</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>โหมด</translation>
    </message>
    <message>
        <source>Idle timeout / warning (s)</source>
        <translation>หมดเวลาเมื่อไม่ใช้งาน / เตือน (วินาที)</translation>
    </message>
    <message>
        <source>Simulated devices</source>
        <translation>อุปกรณ์จำลอง</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>Fingerprint scanner</source>
        <translation>เครื่องสแกนลายนิ้วมือ</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>กล้อง</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>เซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>รุ่นซอฟต์แวร์</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>การตั้งค่า</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>ไฟล์การตั้งค่า</translation>
    </message>
    <message>
        <source>To change a setting, edit the settings file and restart the kiosk.</source>
        <translation>หากต้องการเปลี่ยนการตั้งค่า ให้แก้ไขไฟล์การตั้งค่าแล้วเริ่มตู้ใหม่</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Officer sign-in</source>
        <translation>เจ้าหน้าที่เข้าสู่ระบบ</translation>
    </message>
    <message>
        <source>Assisted enrollment for the digital ID. Sign in with your officer account.</source>
        <translation>ลงทะเบียนสิ่งแทนเอกลักษณ์ดิจิทัลผ่านเจ้าหน้าที่ เข้าสู่ระบบด้วยบัญชีเจ้าหน้าที่</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>ชื่อผู้ใช้</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>รหัสผ่าน</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>เข้าสู่ระบบ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Too many wrong tries. Sign-in is locked until %1.</source>
        <translation>ลองผิดหลายครั้งเกินไป ล็อกการเข้าสู่ระบบถึง %1</translation>
    </message>
    <message>
        <source>The username or password is wrong.</source>
        <translation>ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <translation>ลองได้อีก %1 ครั้ง</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>QUEUE TICKET</source>
        <translation>บัตรคิว</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>หมายเลขคิวของท่าน</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>จำนวนคิวก่อนหน้า: %1</translation>
    </message>
    <message>
        <source>Estimated wait: about %1 minutes</source>
        <translation>เวลารอโดยประมาณ: %1 นาที</translation>
    </message>
    <message>
        <source>Issued: %1</source>
        <translation>ออกบัตรเมื่อ: %1</translation>
    </message>
    <message>
        <source>Please wait until your number is called.</source>
        <translation>กรุณารอ จนกว่าจะเรียกหมายเลขของท่าน</translation>
    </message>
    <message>
        <source>DOSSIER RECEIPT AND RESULT APPOINTMENT</source>
        <translation>ใบรับคำขอและนัดรับผล</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>เลขที่คำขอ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>ผู้ยื่นคำขอ</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>กระบวนงาน</translation>
    </message>
    <message>
        <source>Processing unit</source>
        <translation>หน่วยงานที่พิจารณา</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>วันที่ยื่นคำขอ</translation>
    </message>
    <message>
        <source>Results due on</source>
        <translation>วันนัดรับผล</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>ค่าธรรมเนียม</translation>
    </message>
    <message>
        <source>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</source>
        <translation>กรุณานำใบนี้มาด้วย เมื่อมารับผล สแกนคิวอาร์โค้ด เพื่อตรวจสอบสถานะคำขอ</translation>
    </message>
    <message>
        <source>RECEIPT FOR FEES AND CHARGES</source>
        <translation>ใบเสร็จรับเงินค่าธรรมเนียม</translation>
    </message>
    <message>
        <source>Collected by</source>
        <translation>หน่วยงานผู้รับเงิน</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>รายการ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>จำนวนเงิน</translation>
    </message>
    <message>
        <source>Transaction fee</source>
        <translation>ค่าธรรมเนียมการทำรายการ</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>ยอดชำระทั้งสิ้น</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>ช่องทางการชำระเงิน</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>เลขที่อ้างอิงรายการ</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>วันเวลาที่ชำระเงิน</translation>
    </message>
    <message>
        <source>Payment successful. Keep this receipt as proof of payment.</source>
        <translation>ชำระเงินเรียบร้อยแล้ว กรุณาเก็บใบเสร็จนี้ไว้ เป็นหลักฐานการชำระเงิน</translation>
    </message>
    <message>
        <source>APPOINTMENT SLIP</source>
        <translation>ใบนัดหมาย</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>เลขที่นัดหมาย</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>งานบริการ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>วันที่นัดหมาย</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>ช่วงเวลา</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>สถานที่รับบริการ</translation>
    </message>
    <message>
        <source>Check in at the kiosk on the day to get a priority queue number.</source>
        <translation>ในวันนัดหมาย กรุณาเช็กอินที่ตู้บริการอัตโนมัติ เพื่อรับบัตรคิวพิเศษ</translation>
    </message>
    <message>
        <source>REGISTRATION CONFIRMATION</source>
        <translation>ใบยืนยันการลงทะเบียน</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>รายการที่ลงทะเบียน</translation>
    </message>
    <message>
        <source>Public service portal account</source>
        <translation>บัญชีผู้ใช้ระบบบริการภาครัฐออนไลน์</translation>
    </message>
    <message>
        <source>Digital ID (D.DOPA)</source>
        <translation>สิ่งแทนเอกลักษณ์ดิจิทัล (D.DOPA)</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>เลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>วันเวลาที่ลงทะเบียน</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>เลขที่อ้างอิง</translation>
    </message>
    <message>
        <source>Sign in to the public service portal or at this kiosk with your ID number and your password.</source>
        <translation>เข้าสู่ระบบบริการภาครัฐออนไลน์ หรือที่ตู้บริการนี้ ด้วยเลขประจำตัวประชาชน และรหัสผ่านของท่าน</translation>
    </message>
    <message>
        <source>Open the D.DOPA app on your phone and sign in with the passcode you set.</source>
        <translation>เปิดแอปพลิเคชัน D.DOPA บนโทรศัพท์มือถือ แล้วเข้าใช้งาน ด้วยรหัสผ่านที่ท่านตั้งไว้</translation>
    </message>
    <message>
        <source>Never tell anyone your password, passcode or OTP.</source>
        <translation>ห้ามเปิดเผยรหัสผ่าน หรือรหัส OTP แก่ผู้อื่นโดยเด็ดขาด</translation>
    </message>
</context>
<context>
    <name>StaffBusyScreen</name>
    <message>
        <source>Checking the sign-in…</source>
        <translation>กำลังตรวจสอบการเข้าสู่ระบบ…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>กำลังตรวจ PIN…</translation>
    </message>
    <message>
        <source>Saving the enrollment…</source>
        <translation>กำลังบันทึกการลงทะเบียน…</translation>
    </message>
    <message>
        <source>Asking the device…</source>
        <translation>กำลังตรวจอุปกรณ์…</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>กำลังพิมพ์หน้าทดสอบ…</translation>
    </message>
    <message>
        <source>Taking the test photo…</source>
        <translation>กำลังถ่ายภาพทดสอบ…</translation>
    </message>
    <message>
        <source>Sending to the server…</source>
        <translation>กำลังส่งไปยังเซิร์ฟเวอร์…</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>กรุณารอสักครู่…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>กรุณารอสักครู่</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Connected</source>
        <translation>เชื่อมต่อแล้ว</translation>
    </message>
    <message>
        <source>No connection (working offline)</source>
        <translation>ไม่มีการเชื่อมต่อ (ทำงานแบบออฟไลน์)</translation>
    </message>
    <message>
        <source>Not tried yet</source>
        <translation>ยังไม่ได้ลองเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>ยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>The server no longer accepts this kiosk: enroll it again</source>
        <translation>เซิร์ฟเวอร์ไม่รับตู้นี้แล้ว: ลงทะเบียนใหม่</translation>
    </message>
    <message>
        <source>The server needs a newer kiosk version</source>
        <translation>เซิร์ฟเวอร์ต้องการตู้รุ่นซอฟต์แวร์ที่ใหม่กว่า</translation>
    </message>
    <message>
        <source>Sync is turned off on this kiosk</source>
        <translation>ปิดการซิงค์บนตู้นี้อยู่</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>การเชื่อมต่อกับเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>เซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>not enrolled (kiosk sync enroll)</source>
        <translation>ยังไม่ได้ลงทะเบียน (kiosk sync enroll)</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>สำนักงาน</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>การเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>ซิงค์ล่าสุด</translation>
    </message>
    <message>
        <source>%1 (oldest from %2)</source>
        <translation>%1 (เก่าสุดตั้งแต่ %2)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>รอส่ง</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>ถูกเซิร์ฟเวอร์ปฏิเสธ</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>ปัญหาล่าสุด</translation>
    </message>
    <message>
        <source>%1 refused transactions are waiting to be sent again.</source>
        <translation>รายการที่ถูกปฏิเสธ %1 รายการกำลังรอส่งอีกครั้ง</translation>
    </message>
    <message>
        <source>The sync did not reach the server: %1</source>
        <translation>ซิงค์ไปยังเซิร์ฟเวอร์ไม่สำเร็จ: %1</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 accepted by the server, %3 refused.</source>
        <translation>ซิงค์แล้ว: ส่ง %1 รายการ เซิร์ฟเวอร์รับ %2 ปฏิเสธ %3</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>ซิงค์ทันที</translation>
    </message>
    <message>
        <source>Send refused again</source>
        <translation>ส่งรายการที่ถูกปฏิเสธอีกครั้ง</translation>
    </message>
</context>
<context>
    <name>TechnicianMenuScreen</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>เครื่องสแกนลายนิ้วมือ</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>เครื่องอ่านบัตร</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>กล้อง</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>การเชื่อมต่อกับเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>การตั้งค่า</translation>
    </message>
    <message>
        <source>Officer's counter (assisted enrollment)</source>
        <translation>เคาน์เตอร์เจ้าหน้าที่ (ลงทะเบียนผ่านเจ้าหน้าที่)</translation>
    </message>
    <message>
        <source>Choose a device to check</source>
        <translation>เลือกอุปกรณ์ที่จะตรวจ</translation>
    </message>
    <message>
        <source>Leave technician mode</source>
        <translation>ออกจากโหมดช่างเทคนิค</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <source>Technician mode</source>
        <translation>โหมดช่างเทคนิค</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is</source>
        <translation>หมายเลขคิวของท่านคือ</translation>
    </message>
    <message>
        <source>Nobody is ahead of you.</source>
        <translation>ไม่มีคิวก่อนหน้าท่าน</translation>
    </message>
    <message>
        <source>People ahead of you: %1. Estimated wait: about %2 minutes.</source>
        <translation>จำนวนคิวก่อนหน้า: %1 เวลารอโดยประมาณ: %2 นาที</translation>
    </message>
    <message>
        <source>Issued %1</source>
        <translation>ออกบัตรเมื่อ %1</translation>
    </message>
    <message>
        <source>Please take your printed ticket below the screen.</source>
        <translation>กรุณารับบัตรคิวที่ช่องใต้หน้าจอ</translation>
    </message>
    <message>
        <source>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</source>
        <translation>เครื่องพิมพ์ไม่สามารถพิมพ์ได้ ระบบบันทึกหมายเลขของท่านแล้ว กรุณาจำหมายเลขหรือถ่ายภาพหน้าจอนี้</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>บริการอื่น</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>เสร็จสิ้น</translation>
    </message>
</context>
<context>
    <name>TimeoutWarning</name>
    <message>
        <source>Do you need more time?</source>
        <translation>ท่านต้องการเวลาเพิ่มหรือไม่</translation>
    </message>
    <message>
        <source>This session will end in %1 seconds.</source>
        <translation>การใช้งานจะสิ้นสุดใน %1 วินาที</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>ต้องการเวลาเพิ่ม</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>ไม่ต้องการ เสร็จแล้ว</translation>
    </message>
</context>
</TS>