<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH">
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
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>เสียบบัตรประจำตัวประชาชนที่เครื่องอ่านบัตร หรือกรอกเลขประจำตัวประชาชน (%1 หลัก):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ถัดไป</translation>
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
        <source>Your data is read from the card&apos;s chip. Insert the card into the reader.</source>
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
        <source>Address</source>
        <translation>ที่อยู่</translation>
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
        <source>Lifetime</source>
        <translation>ตลอดชีพ</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>ขออภัย ไม่สามารถออกบัตรคิวได้</translation>
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
